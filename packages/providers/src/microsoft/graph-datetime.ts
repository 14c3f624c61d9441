/**
 * Graph's `dateTimeTimeZone` values carry a wall-clock `dateTime` with NO offset
 * ("2026-11-25T14:00:00.0000000") next to a separate `timeZone`. `new Date(s)` on such a string
 * reads it in the server's own zone and silently shifts meetings, so we ask Graph for UTC
 * (`Prefer: outlook.timezone="UTC"`) and build the instant from its parts with Date.UTC.
 */
const GRAPH_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/;

/** Time zone names Graph uses for UTC when the Prefer header was honoured. */
const UTC_NAMES = new Set(['utc', 'etc/utc', 'coordinated universal time']);

export class GraphDateTimeError extends Error {}

/** Parses an offset-less Graph `dateTime` that Graph labelled as UTC into an exact instant. */
export function parseGraphUtcDateTime(value: { dateTime: string; timeZone?: string | null | undefined }): Date {
  if (value.timeZone && !UTC_NAMES.has(value.timeZone.toLowerCase())) {
    // Converting a Windows zone name by guesswork would shift events; refuse loudly instead.
    throw new GraphDateTimeError(`Graph returned a time in "${value.timeZone}" instead of UTC (was the Prefer header dropped?)`);
  }
  const match = GRAPH_DATE_TIME.exec(value.dateTime);
  if (!match) throw new GraphDateTimeError(`Unexpected Graph dateTime format: "${value.dateTime}"`);
  const [, year, month, day, hour, minute, second, fraction = ''] = match;
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  const instant = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second), millis));
  // Date.UTC rolls over out-of-range parts (month 13, day 32); a round trip catches them.
  if (instant.getUTCDate() !== Number(day) || instant.getUTCMonth() !== Number(month) - 1 || Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw new GraphDateTimeError(`Invalid Graph dateTime: "${value.dateTime}"`);
  }
  return instant;
}

/** Formats an instant the way the calendarView query parameters expect (ISO 8601 with Z). */
export const formatGraphQueryDateTime = (date: Date): string => date.toISOString();
