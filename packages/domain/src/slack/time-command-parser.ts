import { addDays, isCalendarDate, localDateOf, weekdayOf } from '@billops/core';

/**
 * The `/time` grammar, as a pure function of the text, "now" and the user's time zone.
 *
 *   /time <duration> [#project|@project] [today|yesterday|<weekday>|YYYY-MM-DD] [:] [description]
 *
 * Durations: `2.5 hours`, `2.5h`, `2h 30m`, `1h30m`, `90m`, `90 min`, `1:30`; a bare number means
 * HOURS. The project and the day may come in any order after or before the duration; the first
 * word that is none of these (or a `:`) starts the description. A weekday name means the most
 * recent such day (today if today is that day). Dates resolve in the user's time zone.
 */
export type TimeCommand =
  | { kind: 'help' }
  | { kind: 'entry'; durationMinutes: number; projectCode: string | undefined; date: string; dayLabel: string; description: string }
  | { kind: 'error'; message: string };

export const MAX_MINUTES = 24 * 60;

const HOUR_UNITS = new Set(['h', 'hr', 'hrs', 'hour', 'hours']);
const MINUTE_UNITS = new Set(['m', 'min', 'mins', 'minute', 'minutes']);
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SHORT = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const NUMBER = String.raw`\d+(?:\.\d+)?|\.\d+`;
const UNIT = String.raw`h|hrs?|hours?|m|mins?|minutes?`;
const ONE_PIECE = new RegExp(`^(${NUMBER})(${UNIT})$`);
const COMPOUND = /^(\d+)h(\d+)(?:m|min|mins)?$/;
const CLOCK = /^(\d{1,2}):([0-5]\d)$/;
const BARE = new RegExp(`^(${NUMBER})$`);
const PROJECT = /^[#@]([a-z0-9][a-z0-9._-]*)$/i;

type DurationPiece = { minutes: number; unit: 'h' | 'm' | 'bare' };

/** Reads one duration token (and, for a bare number, a following unit word); returns tokens used. */
function readDuration(tokens: string[], i: number): { piece: DurationPiece; used: number } | undefined {
  const token = tokens[i]!.toLowerCase();
  let match = COMPOUND.exec(token);
  if (match) return { piece: { minutes: Number(match[1]) * 60 + Number(match[2]), unit: 'm' }, used: 1 };
  match = CLOCK.exec(token);
  if (match) return { piece: { minutes: Number(match[1]) * 60 + Number(match[2]), unit: 'm' }, used: 1 };
  match = ONE_PIECE.exec(token);
  if (match) {
    const hours = HOUR_UNITS.has(match[2]!);
    return { piece: { minutes: Number(match[1]) * (hours ? 60 : 1), unit: hours ? 'h' : 'm' }, used: 1 };
  }
  match = BARE.exec(token);
  if (match) {
    const unit = tokens[i + 1]?.toLowerCase().replace(/:$/, '');
    if (unit && HOUR_UNITS.has(unit)) return { piece: { minutes: Number(match[1]) * 60, unit: 'h' }, used: 2 };
    if (unit && MINUTE_UNITS.has(unit)) return { piece: { minutes: Number(match[1]), unit: 'm' }, used: 2 };
    return { piece: { minutes: Number(match[1]) * 60, unit: 'bare' }, used: 1 };
  }
  return undefined;
}

function resolveDay(word: string, today: string): { date: string; label: string } | { error: string } | undefined {
  const lower = word.toLowerCase();
  if (lower === 'today') return { date: today, label: 'today' };
  if (lower === 'yesterday') return { date: addDays(today, -1), label: 'yesterday' };
  let weekday = WEEKDAYS.indexOf(lower);
  if (weekday < 0) weekday = WEEKDAY_SHORT.indexOf(lower);
  if (weekday >= 0) {
    const back = (weekdayOf(today) - weekday + 7) % 7;
    return { date: addDays(today, -back), label: back === 0 ? 'today' : WEEKDAYS[weekday]! };
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(word)) {
    if (!isCalendarDate(word)) return { error: `${word} is not a valid date.` };
    return { date: word, label: word };
  }
  return undefined;
}

export function parseTimeCommand(text: string, options: { now: Date; timeZone: string }): TimeCommand {
  const trimmed = text.trim();
  if (trimmed === '' || /^help$/i.test(trimmed)) return { kind: 'help' };
  const today = localDateOf(options.now, options.timeZone);
  // A leading "2h:" or "#code:" ends the header; separate a trailing colon so it reads as a token.
  const positioned = [...trimmed.matchAll(/\S+/g)].flatMap((m) =>
    m[0].length > 1 && m[0].endsWith(':') ? [{ text: m[0].slice(0, -1), at: m.index }, { text: ':', at: m.index + m[0].length - 1 }] : [{ text: m[0], at: m.index }],
  );
  const tokens = positioned.map((t) => t.text);

  let minutes: number | undefined;
  let lastWasDuration = false;
  let durationUnits: DurationPiece['unit'][] = [];
  let projectCode: string | undefined;
  let day: { date: string; label: string } | undefined;
  let i = 0;
  for (; i < tokens.length; ) {
    const token = tokens[i]!;
    if (token === ':') {
      i += 1;
      break;
    }
    if (/^-\d/.test(token)) return { kind: 'error', message: 'The duration must be positive.' };
    const duration = readDuration(tokens, i);
    if (duration) {
      if (minutes !== undefined && !lastWasDuration) return { kind: 'error', message: 'Give the duration once, e.g. `2h 30m`.' };
      // "2h 30m" adds up; "2 3" or "30m 2h" is a mistake, not a sum.
      if (minutes !== undefined && !(durationUnits.at(-1) === 'h' && duration.piece.unit === 'm')) {
        return { kind: 'error', message: 'Write hours then minutes, e.g. `2h 30m` or `1:30`.' };
      }
      minutes = (minutes ?? 0) + duration.piece.minutes;
      durationUnits = [...durationUnits, duration.piece.unit];
      lastWasDuration = true;
      i += duration.used;
      continue;
    }
    lastWasDuration = false;
    const project = PROJECT.exec(token);
    if (project) {
      if (projectCode) return { kind: 'error', message: 'Give one project only.' };
      projectCode = project[1]!.toLowerCase();
      i += 1;
      continue;
    }
    const resolved = resolveDay(token, today);
    if (resolved && 'error' in resolved) return { kind: 'error', message: resolved.error };
    if (resolved) {
      if (day) return { kind: 'error', message: 'Give one day only.' };
      day = resolved;
      i += 1;
      continue;
    }
    break;
  }
  if (minutes === undefined) return { kind: 'error', message: 'Start with a duration, e.g. `2.5h`, `1h30m` or `90m`.' };
  const rounded = Math.round(minutes);
  if (rounded <= 0) return { kind: 'error', message: 'The duration must be more than zero.' };
  if (rounded > MAX_MINUTES) return { kind: 'error', message: 'One entry cannot be longer than 24 hours.' };
  const resolvedDay = day ?? { date: today, label: 'today' };
  if (resolvedDay.date > today) return { kind: 'error', message: `${resolvedDay.date} is in the future; log time for today or earlier.` };
  // The description keeps the user's own spacing and punctuation.
  const description = trimmed.slice(positioned[i]?.at ?? trimmed.length).trim();
  return { kind: 'entry', durationMinutes: rounded, projectCode, date: resolvedDay.date, dayLabel: resolvedDay.label, description };
}

export const TIME_COMMAND_USAGE = [
  '*Log time with* `/time <duration> [#project] [day] [: description]`',
  '• Durations: `2.5 hours`, `2.5h`, `2h 30m`, `1h30m`, `90m`, `90 min`, `1:30`. A bare number means *hours* (`/time 2` is two hours).',
  '• Project by code: `#acme-web` or `@acme-web`.',
  '• Day: `today` (default), `yesterday`, a weekday like `monday` (the most recent one, today included) or a date like `2026-11-20`, in your time zone. Not in the future.',
  '• Up to 24 hours per entry. The entry ends now (or at 18:00 on a past day).',
  'Examples: `/time 2.5 hours: Meeting with client` · `/time 1h30m #acme-web yesterday: design review`',
].join('\n');

/** "2.5 hours", "1 hour", "45 minutes". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round((minutes / 60) * 100) / 100;
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}
