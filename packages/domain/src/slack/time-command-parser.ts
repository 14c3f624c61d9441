import { formatDay, localDateOf } from '@billops/core';
import { readDay, type DateOrder, type DayReading } from './time-command-days.ts';
import { readDuration } from './time-command-durations.ts';

export { dateOrderFor, type DateOrder } from './time-command-days.ts';

/**
 * The `/time` grammar, as a pure function of the text, "now", the user's time zone and date order.
 *
 *   /time <duration> [#project] [day] [: description]        log time already spent
 *   /time start [#project] [description] | stop | status     the timer
 *   /time list | help | (nothing: the modal)
 *
 * The duration, project and day come in any order before the description; the first word that is
 * none of them (or a `:`) starts it. A word that looks like a duration or a day but is not one we
 * read (`3 days`, `tomorrow`, `next monday`) is an error, never description: a silent misreading
 * logs time the user did not mean. Everything read is echoed back in `understood`.
 */
export type TimeCommand =
  | { kind: 'help' }
  | { kind: 'modal' }
  | { kind: 'list' }
  | { kind: 'timer_start'; projectCode: string | undefined; description: string; understood: string[] }
  | { kind: 'timer_stop' }
  | { kind: 'timer_status' }
  | {
      kind: 'entry';
      durationMinutes: number;
      projectCode: string | undefined;
      date: string;
      dayLabel: string;
      description: string;
      understood: string[];
    }
  | { kind: 'error'; message: string };

export type ParseOptions = { now: Date; timeZone: string; dateOrder?: DateOrder };

export const MAX_MINUTES = 24 * 60;

const PROJECT = /^[#@]([a-z0-9][a-z0-9._-]*)$/i;
/** Slack sends `<#C123|acme-web>` for a channel mention when the command escapes channels. */
const CHANNEL_MENTION = /^<#[A-Z0-9]+\|([a-z0-9][a-z0-9._-]*)>$/i;
/** A trailing `#code` in the description names the project only if it has a letter (`#123` is a ticket). */
const TRAILING_PROJECT = /^#([a-z0-9._-]*[a-z][a-z0-9._-]*)$/i;
const SEPARATORS = new Set([':', '-', '--', '–', '—', '|']);
const FUTURE_WORD = /^(tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)$/i;

type Token = { text: string; at: number };

/** "2h:design" and "1:30:standup" (no space after the colon): the header word, the colon, the rest. */
const GLUED_COLON = /^(\d{1,2}:\d{2}|[^:]*[a-z#@)\]]):(?!\/\/)(.+)$/i;

function tokenize(text: string): Token[] {
  // "2h:" and "#code:" end the header: a colon is split off so it reads as a separator.
  return [...text.matchAll(/\S+/g)].flatMap((m) => {
    const word = m[0];
    if (word.length > 1 && word.endsWith(':'))
      return [
        { text: word.slice(0, -1), at: m.index },
        { text: ':', at: m.index + word.length - 1 },
      ];
    const glued = GLUED_COLON.exec(word);
    if (glued) {
      const head = glued[1]!;
      return [
        { text: head, at: m.index },
        { text: ':', at: m.index + head.length },
        { text: glued[2]!, at: m.index + head.length + 1 },
      ];
    }
    return [{ text: word, at: m.index }];
  });
}

const projectOf = (token: string): string | undefined => (PROJECT.exec(token) ?? CHANNEL_MENTION.exec(token))?.[1]?.toLowerCase();
const error = (message: string): TimeCommand => ({ kind: 'error', message });
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

export function parseTimeCommand(text: string, options: ParseOptions): TimeCommand {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'modal' };
  // The first word names a subcommand ("start:" too); the rest is its argument.
  const firstWord = /^[^\s:]+/.exec(trimmed)?.[0] ?? '';
  const first = firstWord.toLowerCase();
  const rest = trimmed.slice(firstWord.length).trim();
  if (first === 'help' || first === '?') return { kind: 'help' };
  if (first === 'list' || first === 'ls') return rest ? error(`${code('/time list')} takes nothing after it.`) : { kind: 'list' };
  if (first === 'stop')
    return rest
      ? error(`${code('/time stop')} takes nothing after it; to change the entry, use Edit on the reply.`)
      : { kind: 'timer_stop' };
  if (first === 'status') return rest ? error(`${code('/time status')} takes nothing after it.`) : { kind: 'timer_status' };
  if (first === 'start') return parseTimerStart(rest.replace(/^:\s*/, ''));
  return parseEntry(trimmed, options);
}

function parseTimerStart(text: string): TimeCommand {
  const tokens = tokenize(text);
  let projectCode: string | undefined;
  let i = 0;
  if (tokens[0] && projectOf(tokens[0].text)) {
    projectCode = projectOf(tokens[0].text);
    i = 1;
  }
  if (tokens[i]?.text === ':') i += 1;
  let description = text.slice(tokens[i]?.at ?? text.length).trim();
  if (!projectCode) {
    const last = description.split(/\s+/).at(-1) ?? '';
    const trailing = TRAILING_PROJECT.exec(last);
    if (trailing) {
      projectCode = trailing[1]!.toLowerCase();
      description = description.slice(0, description.length - last.length).trim();
    }
  }
  const understood = [
    ...(projectCode ? [`project ${code(`#${projectCode}`)}`] : []),
    ...(description ? [`description “${description}”`] : []),
  ];
  return { kind: 'timer_start', projectCode, description, understood };
}

function parseEntry(trimmed: string, options: ParseOptions): TimeCommand {
  const today = localDateOf(options.now, options.timeZone);
  const order = options.dateOrder ?? 'dmy';
  const tokens = tokenize(trimmed);
  const words = tokens.map((t) => t.text);

  let minutes: number | undefined;
  let lastUnit: 'h' | 'm' | 'bare' | undefined;
  let lastWasDuration = false;
  let projectCode: string | undefined;
  let day: DayReading | undefined;
  let colon = false;
  const understood: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = words[i]!;
    if (SEPARATORS.has(token)) {
      colon = true;
      i += 1;
      break;
    }
    if (/^-\d/.test(token)) return error('The duration must be positive.');
    const reading = readDay(words, i, today, order);
    if (reading && 'error' in reading) return error(reading.error);
    if (reading) {
      if (day) return error(`Give one day only (I read ${day.label} and ${reading.label}).`);
      day = reading;
      understood.push(
        `${code(words.slice(i, i + reading.used).join(' '))} → ` +
          `${reading.label === formatDay(reading.date) ? reading.label : `${reading.label}, ${formatDay(reading.date)}`}`,
      );
      i += reading.used;
      lastWasDuration = false;
      continue;
    }
    const duration = readDuration(words, i, lastUnit);
    if (duration && 'error' in duration) return error(duration.error);
    if (duration) {
      if (minutes !== undefined && !lastWasDuration) return error('Give the duration once, e.g. `2h 30m`.');
      // "2h 30m" adds up; "2 3" or "30m 2h" is a mistake, not a sum.
      if (minutes !== undefined && !(lastUnit === 'h' && duration.unit === 'm')) {
        // "2h 20.11" is a date written without its last dot (20.11.), not a second duration.
        const date = /^\d{1,2}\.\d{1,2}$/.test(token) && !day ? readDay([`${token}.`], 0, today, order) : undefined;
        if (date && !('error' in date)) {
          day = date;
          understood.push(`${code(token)} → ${date.label}`);
          i += 1;
          lastWasDuration = false;
          continue;
        }
        return error('Write hours then minutes, e.g. `2h 30m` or `1:30`.');
      }
      minutes = (minutes ?? 0) + duration.minutes;
      lastUnit = duration.unit;
      lastWasDuration = true;
      understood.push(`${code(words.slice(i, i + duration.used).join(' '))} → ${duration.reading}`);
      i += duration.used;
      continue;
    }
    lastWasDuration = false;
    const project = projectOf(token);
    if (project) {
      if (projectCode) return error('Give one project only.');
      projectCode = project;
      understood.push(`${code(token)} → project ${code(`#${project}`)}`);
      i += 1;
      continue;
    }
    break;
  }

  // The description keeps the user's own spacing and punctuation.
  let description = trimmed.slice(tokens[i]?.at ?? trimmed.length).trim();
  if (!colon && description) {
    const found = readDescriptionTail(description, { today, order, needProject: !projectCode, needDay: !day });
    if ('error' in found) return error(found.error);
    description = found.description;
    if (found.projectCode) {
      projectCode = found.projectCode;
      understood.push(`${code(`#${found.projectCode}`)} → project ${code(`#${found.projectCode}`)}`);
    }
    if (found.day) {
      day = found.day;
      understood.push(`${code(found.dayText!)} → ${found.day.label}, ${formatDay(found.day.date)}`);
    }
  }

  if (minutes === undefined) {
    const hint = /^\d/.test(trimmed) ? ` I could not read ${code(words[0]!)} as one.` : '';
    return error(`Start with a duration, e.g. \`2.5h\`, \`1h30m\` or \`90m\`.${hint}`);
  }
  const rounded = Math.round(minutes);
  if (rounded <= 0) return error('The duration must be more than zero.');
  if (rounded > MAX_MINUTES) {
    const asMinutes =
      lastUnit === 'bare' && minutes / 60 <= MAX_MINUTES ? ` A bare number means hours: did you mean ${code(`${minutes / 60}m`)}?` : '';
    return error(`One entry cannot be longer than 24 hours.${asMinutes}`);
  }
  const resolvedDay = day ?? { date: today, label: 'today', used: 0 };
  if (resolvedDay.date > today)
    return error(
      `${formatDay(resolvedDay.date)} is in the future: log time for today or an earlier day (or use \`/time start\` to time what ` +
        `you do now).`,
    );
  if (description) understood.push(`description “${description}”`);
  return {
    kind: 'entry',
    durationMinutes: rounded,
    projectCode,
    date: resolvedDay.date,
    dayLabel: resolvedDay.label,
    description,
    understood,
  };
}

type Tail = { description: string; projectCode?: string; day?: DayReading; dayText?: string } | { error: string };

/**
 * Without a colon the description is everything after the header, but people also put the project
 * or the day last ("2h design review #acme yesterday"): a trailing `#code` and a trailing day are
 * read as such, and a future day anywhere is an error (a colon makes the rest plain description).
 */
function readDescriptionTail(
  description: string,
  input: { today: string; order: DateOrder; needProject: boolean; needDay: boolean },
): Tail {
  let words = description.split(/\s+/);
  const future = words.findIndex(
    (w, k) =>
      FUTURE_WORD.test(w.replace(/[.,!?]$/, '')) ||
      (/^next$/i.test(w) && k < words.length - 1 && readDay(['next', words[k + 1]!], 0, input.today, input.order)),
  );
  if (future >= 0) {
    return {
      error:
        `${code(words.slice(future, future + (/^next$/i.test(words[future]!) ? 2 : 1)).join(' '))} is in the future: log ` +
        `time for today or an earlier day. If it is part of the description, put it after a colon: \`/time 2h: ${words.join(' ')}\`.`,
    };
  }
  let projectCode: string | undefined;
  let day: DayReading | undefined;
  let dayText: string | undefined;
  for (let pass = 0; pass < 2; pass += 1) {
    const last = words.at(-1) ?? '';
    const trailing = input.needProject && !projectCode ? TRAILING_PROJECT.exec(last) : null;
    if (trailing && words.length > 1) {
      projectCode = trailing[1]!.toLowerCase();
      words = words.slice(0, -1);
      continue;
    }
    if (input.needDay && !day) {
      // Longest phrase first: "the day before yesterday", "3 days ago", "last friday", "friday".
      for (let take = Math.min(4, words.length - 1); take >= 1; take -= 1) {
        const reading = readDay(words.slice(-take), 0, input.today, input.order);
        if (reading && !('error' in reading) && reading.used === take) {
          day = reading;
          dayText = words.slice(-take).join(' ');
          words = words.slice(0, -take);
          break;
        }
      }
    }
  }
  const rest = words.join(' ');
  // Keep the user's own spacing when nothing was taken off the end.
  return {
    description: projectCode || day ? rest : description,
    ...(projectCode ? { projectCode } : {}),
    ...(day ? { day, dayText } : {}),
  };
}

export function timeCommandUsage(order: DateOrder = 'dmy'): string {
  const numeric =
    order === 'mdy'
      ? '`11/20` (month/day, as your US time zone suggests)'
      : '`20/11` (day/month; month/day if your BillOps time zone is in the US)';
  return [
    '*Log time with* `/time <duration> [#project] [day] [: description]`',
    '• Durations: `2.5h`, `2,5h`, `2.5 hours`, `1.5 hrs`, `2h 30m`, `1h30`, `90m`, `90 min`, `1:30`, `½h`. A bare number means ' +
      '*hours* (`/time 2` is two hours). Only hours and minutes: log a day as `8h`.',
    '• Project by code: `#acme-web` or `@acme-web` (before the description, or last).',
    `• Day (in your time zone, never in the future): \`today\` (default), \`yesterday\`, \`the day before yesterday\`, \`monday\` ` +
      `(the most recent, today included), \`last friday\` (before today), \`3 days ago\`, \`2026-11-20\`, \`Nov 20\`, ${numeric}.`,
    '• Up to 24 hours per entry. Today’s entry ends now (or starts at midnight if longer than the day so far); an earlier day’s ' +
      'ends at 18:00.',
    '• `/time` alone opens a form · `/time list` shows today and this week · `/time start [#project] [description]`, `/time ' +
      'stop`, `/time status` run a timer.',
    'Examples: `/time 2.5 hours: Meeting with client` · `/time 1h30m #acme-web yesterday: design review`',
  ].join('\n');
}

/** The usage text for the default (day-first) reading. */
export const TIME_COMMAND_USAGE = timeCommandUsage();

/** The modal's duration field: a duration alone ("1h30", "90m", "2,5"), in minutes, or what is wrong. */
export function parseDurationText(text: string): { minutes: number } | { error: string } {
  const words = tokenize(text.trim()).map((t) => t.text);
  if (words.length === 0) return { error: 'Enter a duration, e.g. 1h30, 90m or 2.5h.' };
  let minutes = 0;
  let lastUnit: 'h' | 'm' | 'bare' | undefined;
  for (let i = 0; i < words.length;) {
    const piece = readDuration(words, i, lastUnit);
    if (!piece) return { error: `I cannot read “${words.slice(i).join(' ')}” as a duration: write e.g. 1h30, 90m or 2.5h.` };
    if ('error' in piece) return { error: piece.error.replace(/`/g, '') };
    if (lastUnit !== undefined && !(lastUnit === 'h' && piece.unit === 'm'))
      return { error: 'Write hours then minutes, e.g. 2h 30m or 1:30.' };
    minutes += piece.minutes;
    lastUnit = piece.unit;
    i += piece.used;
  }
  const rounded = Math.round(minutes);
  if (rounded <= 0) return { error: 'The duration must be more than zero.' };
  if (rounded > MAX_MINUTES) return { error: 'One entry cannot be longer than 24 hours.' };
  return { minutes: rounded };
}

/** A duration as the modal pre-fills it: "2h", "1h 30m", "45m". */
export function durationInputText(minutes: number): string {
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  return [h ? `${h}h` : '', m ? `${m}m` : ''].filter(Boolean).join(' ') || '0m';
}
