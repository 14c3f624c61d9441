/** Durations for `/time`: hours and minutes only, in the ways people type them. */

export type DurationReading = { minutes: number; unit: 'h' | 'm' | 'bare'; used: number; reading: string };

const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hour', 'hours']);
const MINUTE_UNITS = new Set(['m', 'mn', 'min', 'mins', 'minute', 'minutes']);
/** Words that look like a unit after a number but are not one we log in. */
const OTHER_UNITS = new Set([
  ...['d', 'day', 'days', 'w', 'wk', 'wks', 'week', 'weeks', 's', 'sec', 'secs', 'second', 'seconds', 'ms'],
  ...['mo', 'mos', 'month', 'months', 'y', 'yr', 'yrs', 'year', 'years', 'hs', 'hrz', 'hous', 'hors', 'mns', 'mintues', 'minuts'],
]);
const FRACTIONS: Record<string, string> = { '½': '.5', '¼': '.25', '¾': '.75' };
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fortyfive: 45,
  ninety: 90,
};

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
const HOUR = 'h|hrs?|hours?';
const MINUTE = 'm|mn|mins?|minutes?';
const ONE_PIECE = new RegExp(`^(${NUMBER})(${HOUR}|${MINUTE})$`);
const COMPOUND = new RegExp(`^(\\d+)(?:${HOUR})(\\d+)(?:${MINUTE})?$`);
const CLOCK = /^(\d{1,2}):(\d{2})(?:h|hrs?|hours?)?$/;
/** `1/2h`, `3/4 hour`: a fraction needs a unit (alone, `1/2` is a date). */
const FRACTION = new RegExp(`^(\\d+)/(\\d+)(${HOUR}|${MINUTE})?$`);
const BARE = new RegExp(`^(${NUMBER})$`);
const WITH_LETTERS = new RegExp(`^(${NUMBER})([a-z]+)$`);
const ORDINAL = /^\d+(st|nd|rd|th)$/;

const UNITS_HINT = 'I log hours and minutes only (`h`, `hr`, `hours`, `m`, `min`, `minutes`)';

/** Lower case, decimal comma as a point, ½ ¼ ¾ as decimals, `~` and trailing punctuation dropped. */
export function normalizeNumberToken(token: string): string {
  let t = token
    .toLowerCase()
    .replace(/[.,;!]+$/, '')
    .replace(/^~/, '');
  t = t.replace(/^(\d*)([½¼¾])/, (_m, whole: string, fraction: string) => `${whole || '0'}${FRACTIONS[fraction]}`);
  return t.replace(/^(\d+),(\d+)/, '$1.$2');
}

const hoursText = (minutes: number) => {
  const hours = Math.round((minutes / 60) * 1000) / 1000;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
};
const minutesText = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;

/**
 * Reads one duration piece at `words[i]` (with a following unit word, or "and"); `afterHours` lets
 * "2h 30" read the 30 as minutes. An unknown unit is an error naming the ones that exist.
 */
export function readDuration(
  words: string[],
  i: number,
  lastUnit: DurationReading['unit'] | undefined,
): DurationReading | { error: string } | undefined {
  const raw = words[i]!;
  const t = normalizeNumberToken(raw);
  if (t === 'and' && lastUnit === 'h' && words[i + 1]) {
    const next = readDuration(words, i + 1, lastUnit);
    return next && !('error' in next) && next.unit === 'm' ? { ...next, used: next.used + 1 } : undefined;
  }
  const phrase = words.slice(i, i + 3).map((w) => w.toLowerCase().replace(/[.,:]$/, ''));
  if (phrase[0] === 'half' && phrase[1] === 'an' && phrase[2] === 'hour') return { minutes: 30, unit: 'm', used: 3, reading: '30 minutes' };
  if (phrase[0] === 'half' && phrase[1] === 'hour') return { minutes: 30, unit: 'm', used: 2, reading: '30 minutes' };
  if ((phrase[0] === 'an' || phrase[0] === 'one') && phrase[1] === 'hour') return { minutes: 60, unit: 'h', used: 2, reading: '1 hour' };

  const numberWord = NUMBER_WORDS[t];
  if (numberWord !== undefined && words[i + 1]) {
    const unit = normalizeNumberToken(words[i + 1]!).replace(/:$/, '');
    if (HOUR_UNITS.has(unit)) return { minutes: numberWord * 60, unit: 'h', used: 2, reading: hoursText(numberWord * 60) };
    if (MINUTE_UNITS.has(unit)) return { minutes: numberWord, unit: 'm', used: 2, reading: minutesText(numberWord) };
  }
  const fraction = readFraction(words, i);
  if (fraction) return fraction;
  if (/^\d+$/.test(t) && words[i + 1] && FRACTION.test(normalizeNumberToken(words[i + 1]!))) {
    // "1 1/2h": a whole number and a fraction of the same unit.
    const rest = readFraction(words, i + 1);
    if (rest) {
      const whole = Number(t) * (rest.unit === 'h' ? 60 : 1);
      const minutes = whole + rest.minutes;
      return { ...rest, minutes, used: rest.used + 1, reading: rest.unit === 'h' ? hoursText(minutes) : minutesText(minutes) };
    }
  }

  let match = COMPOUND.exec(t);
  if (match) {
    const [h, m] = [Number(match[1]), Number(match[2])];
    if (m >= 60) return { error: `${code(raw)}: write minutes under 60 after the hours, e.g. \`1h30\`.` };
    return { minutes: h * 60 + m, unit: 'm', used: 1, reading: `${hoursText(h * 60)} ${minutesText(m)}` };
  }
  match = CLOCK.exec(t);
  if (match) {
    const [h, m] = [Number(match[1]), Number(match[2])];
    if (m >= 60) return { error: `${code(raw)} is not a duration: write \`h:mm\` with minutes under 60.` };
    return { minutes: h * 60 + m, unit: 'm', used: 1, reading: `${hoursText(h * 60)} ${minutesText(m)}` };
  }
  match = ONE_PIECE.exec(t);
  if (match) {
    const hours = HOUR_UNITS.has(match[2]!);
    const value = Number(match[1]);
    return hours
      ? { minutes: value * 60, unit: 'h', used: 1, reading: hoursText(value * 60) }
      : { minutes: value, unit: 'm', used: 1, reading: minutesText(value) };
  }
  match = WITH_LETTERS.exec(t);
  if (match && !ORDINAL.test(t))
    return {
      error:
        `${code(raw)}: ${OTHER_UNITS.has(match[2]!) ? `${code(match[2]!)} is not a unit I log in.` : 'I cannot read that unit.'} ` +
        `${UNITS_HINT}; log a day as \`8h\`.`,
    };
  match = BARE.exec(t);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = words[i + 1] ? normalizeNumberToken(words[i + 1]!).replace(/:$/, '') : undefined;
  if (unit && HOUR_UNITS.has(unit)) return { minutes: value * 60, unit: 'h', used: 2, reading: hoursText(value * 60) };
  if (unit && MINUTE_UNITS.has(unit)) return { minutes: value, unit: 'm', used: 2, reading: minutesText(value) };
  if (unit && OTHER_UNITS.has(unit))
    return { error: `${code(`${raw} ${words[i + 1]}`)}: ${code(unit)} is not a unit I log in. ${UNITS_HINT}; log a day as \`8h\`.` };
  // "2h 30": a whole number under 60 right after the hours is minutes.
  if (lastUnit === 'h' && Number.isInteger(value) && value < 60) return { minutes: value, unit: 'm', used: 1, reading: minutesText(value) };
  return { minutes: value * 60, unit: 'bare', used: 1, reading: `${hoursText(value * 60)} (a bare number means hours)` };
}

function readFraction(words: string[], i: number): DurationReading | undefined {
  const match = FRACTION.exec(normalizeNumberToken(words[i]!));
  if (!match || Number(match[2]) === 0) return undefined;
  const unitWord = match[3] ?? (words[i + 1] ? normalizeNumberToken(words[i + 1]!).replace(/:$/, '') : '');
  const hours = HOUR_UNITS.has(unitWord);
  if (!hours && !MINUTE_UNITS.has(unitWord)) return undefined;
  const value = Number(match[1]) / Number(match[2]);
  const used = match[3] ? 1 : 2;
  return hours
    ? { minutes: value * 60, unit: 'h', used, reading: hoursText(value * 60) }
    : { minutes: value, unit: 'm', used, reading: minutesText(value) };
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
