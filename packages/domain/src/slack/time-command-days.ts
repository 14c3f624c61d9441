import { addDays, formatDay, isCalendarDate, weekdayOf } from '@billops/core';

/** Days for `/time`: today and earlier, in the user's time zone, written the ways people write them. */

export type DayReading = { date: string; label: string; used: number };
/** How a numeric date like `10/11` is read when both orders are valid. */
export type DateOrder = 'dmy' | 'mdy';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ALIASES: Record<string, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  tues: 2,
  wed: 3,
  weds: 3,
  thu: 4,
  thur: 4,
  thurs: 4,
  fri: 5,
  sat: 6,
  ...Object.fromEntries(WEEKDAYS.map((d, k) => [d, k])),
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7 };
const FUTURE = /^(tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)$/;
const PERIODS = /^(week|month|year|weekend|quarter)$/;

/** Zones whose people write month/day (the US and its territories); everyone else day/month. */
const US_AMERICA_ZONES = [
  'New_York',
  'Chicago',
  'Denver',
  'Phoenix',
  'Los_Angeles',
  'Anchorage',
  'Juneau',
  'Sitka',
  'Nome',
  'Adak',
  'Boise',
  'Detroit',
  'Indiana/.*',
  'Kentucky/.*',
  'North_Dakota/.*',
  'Menominee',
  'Metlakatla',
  'Yakutat',
  'Puerto_Rico',
];
const MONTH_FIRST_ZONES = new RegExp(
  `^(America/(${US_AMERICA_ZONES.join('|')})|US/.*|Pacific/(Honolulu|Guam|Pago_Pago|Saipan)|EST5EDT|CST6CDT|MST7MDT|PST8PDT)$`,
);

/** The numeric date order we assume for a user: we know their time zone, not their locale. */
export function dateOrderFor(timeZone: string): DateOrder {
  return MONTH_FIRST_ZONES.test(timeZone) ? 'mdy' : 'dmy';
}

const word = (w: string | undefined) =>
  (w ?? '')
    .toLowerCase()
    .replace(/[,.:;!]$/, '')
    .replace(/^\((.*)\)$/, '$1');
const PART_OF_DAY = /^(morning|afternoon|evening|night)$/;
/** "yesterday afternoon", "monday morning": the part of the day adds nothing but is read, not left as description. */
const withPart = (reading: DayReading, next: string): DayReading =>
  PART_OF_DAY.test(next) ? { ...reading, used: reading.used + 1 } : reading;
const DURATION_UNIT = /^(h|hr|hrs|hour|hours|m|mn|min|mins|minute|minutes)$/;
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;
const pad = (n: number) => String(n).padStart(2, '0');

function monthOf(w: string): number | undefined {
  const k = MONTHS.indexOf(w.slice(0, 3));
  if (k < 0) return undefined;
  return w.length === 3 || w === 'sept' || FULL_MONTHS[k] === w ? k + 1 : undefined;
}

/** A date without a year is this year's, or last year's when this year's is months away (`Dec 30` typed in January). */
function withYear(month: number, day: number, year: number | undefined, today: string): string {
  const thisYear = Number(today.slice(0, 4));
  const date = `${year ?? thisYear}-${pad(month)}-${pad(day)}`;
  if (year !== undefined || date <= today || !isCalendarDate(date)) return date;
  const ahead = (Date.parse(date) - Date.parse(today)) / 86_400_000;
  return ahead > 182 ? `${thisYear - 1}-${pad(month)}-${pad(day)}` : date;
}

function dated(date: string, raw: string, used: number): DayReading | { error: string } {
  if (!isCalendarDate(date)) return { error: `${code(raw)} is not a valid date.` };
  return { date, label: formatDay(date), used };
}

const fullYear = (y: string | undefined) => (y === undefined ? undefined : y.length === 2 ? 2000 + Number(y) : Number(y));

/** Reads a day phrase starting at `words[i]`; an unsupported or future day is an error, never description. */
export function readDay(words: string[], i: number, today: string, order: DateOrder): DayReading | { error: string } | undefined {
  const raw = words[i]!;
  const w = word(raw);
  const [w1, w2, w3] = [word(words[i + 1]), word(words[i + 2]), word(words[i + 3])];

  if (w === 'today' || w === 'tonight') return { date: today, label: 'today', used: 1 };
  if (w === 'this' && /^(morning|afternoon|evening)$/.test(w1)) return { date: today, label: 'today', used: 2 };
  if (w === 'yesterday' || w === 'yday' || w === 'yest') return withPart({ date: addDays(today, -1), label: 'yesterday', used: 1 }, w1);
  if (w === 'last' && w1 === 'night') return { date: addDays(today, -1), label: 'yesterday', used: 2 };
  if (w === 'day' && w1 === 'before' && w2 === 'yesterday') return { date: addDays(today, -2), label: 'the day before yesterday', used: 3 };
  if (w === 'the' && w1 === 'day' && w2 === 'before' && w3 === 'yesterday')
    return { date: addDays(today, -2), label: 'the day before yesterday', used: 4 };
  if (FUTURE.test(w))
    return {
      error: `${code(raw)} is in the future: log time for today or an earlier day (or use \`/time start\` to time what you do now).`,
    };
  if (w === 'next' && (w1 in WEEKDAY_ALIASES || PERIODS.test(w1) || w1 === 'day')) {
    return { error: `${code(`${raw} ${words[i + 1]}`)} is in the future: log time for today or an earlier day.` };
  }
  if (w === 'in' && /^\d+$|^(a|an|one|two|three)$/.test(w1) && /^(days?|weeks?)$/.test(w2))
    return { error: `${code(words.slice(i, i + 3).join(' '))} is in the future: log time for today or an earlier day.` };
  if (w in WEEKDAY_ALIASES) {
    const weekday = WEEKDAY_ALIASES[w]!;
    const back = (weekdayOf(today) - weekday + 7) % 7;
    return withPart({ date: addDays(today, -back), label: back === 0 ? 'today' : WEEKDAYS[weekday]!, used: 1 }, w1);
  }
  if (w === 'last' && w1 in WEEKDAY_ALIASES) {
    const weekday = WEEKDAY_ALIASES[w1]!;
    const back = (weekdayOf(today) - weekday + 7) % 7 || 7;
    return { date: addDays(today, -back), label: `last ${WEEKDAYS[weekday]}`, used: 2 };
  }
  if (w === 'this' && w1 in WEEKDAY_ALIASES) {
    // This week's (Monday to Sunday) day of that name.
    const weekday = WEEKDAY_ALIASES[w1]!;
    const date = addDays(today, ((weekday + 6) % 7) - ((weekdayOf(today) + 6) % 7));
    return { date, label: date === today ? 'today' : `this ${WEEKDAYS[weekday]}`, used: 2 };
  }
  if ((w === 'last' || w === 'this') && PERIODS.test(w1)) {
    return {
      error:
        `${code(`${raw} ${words[i + 1]}`)} is not one day: name the day, e.g. \`yesterday\`, \`last friday\`, \`3 days ago\` ` +
        `or \`2026-11-20\`.`,
    };
  }
  if (w === 'on' && w1) {
    const inner = readDay(words, i + 1, today, order);
    return inner ? ('error' in inner ? inner : { ...inner, used: inner.used + 1 }) : undefined;
  }

  // "3 days ago", "a week ago", "3d ago".
  const compact = /^(\d+)([dw])$/.exec(w);
  const count = compact ? Number(compact[1]) : /^\d+$/.test(w) ? Number(w) : NUMBER_WORDS[w];
  const unit = compact ? (compact[2] === 'd' ? 'days' : 'weeks') : w1;
  const agoAt = compact ? w1 : w2;
  if (count !== undefined && agoAt === 'ago' && /^(d|days?|w|weeks?)$/.test(unit)) {
    const days = count * (unit.startsWith('w') ? 7 : 1);
    return {
      date: addDays(today, -days),
      label: days === 1 ? 'yesterday' : `${count} ${unit.startsWith('w') ? 'week' : 'day'}${count === 1 ? '' : 's'} ago`,
      used: compact ? 2 : 3,
    };
  }

  // Dates: 2026-11-20, 2026/11/20, 20/11, 20/11/2026, 20.11., 20.11.2026, Nov 20, 20 Nov, November 20th 2026.
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(w);
  if (m) return dated(`${m[1]}-${pad(Number(m[2]))}-${pad(Number(m[3]))}`, raw, 1);
  // "1/2 hour" is half an hour, not a date.
  m = DURATION_UNIT.test(w1)
    ? null
    : (/^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?$/.exec(w) ?? /^(\d{1,2})\.(\d{1,2})\.(?:(\d{4}|\d{2})\.?)?$/.exec(raw.toLowerCase()));
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    // The user's order first; the other when only it makes a date (20/11 is the 20th either way).
    const [month, day] = order === 'mdy' ? (a <= 12 ? [a, b] : [b, a]) : b <= 12 ? [b, a] : [a, b];
    return dated(withYear(month, day, fullYear(m[3]), today), raw, 1);
  }
  const monthFirst = monthOf(w);
  const dayNumber = (s: string) => (/^\d{1,2}(st|nd|rd|th)?$/.test(s) ? Number(s.replace(/\D/g, '')) : undefined);
  if (monthFirst !== undefined && dayNumber(w1) !== undefined) {
    const year = /^\d{4}$/.test(w2) ? Number(w2) : undefined;
    return dated(withYear(monthFirst, dayNumber(w1)!, year, today), words.slice(i, i + (year ? 3 : 2)).join(' '), year ? 3 : 2);
  }
  const monthSecond = monthOf(w1);
  if (dayNumber(w) !== undefined && monthSecond !== undefined) {
    const year = /^\d{4}$/.test(w2) ? Number(w2) : undefined;
    return dated(withYear(monthSecond, dayNumber(w)!, year, today), words.slice(i, i + (year ? 3 : 2)).join(' '), year ? 3 : 2);
  }
  return undefined;
}
