import { ianaTimeZoneOf, isCalendarDate, zonedTimeToUtc } from '@billops/core';

/**
 * Graph's `dateTimeTimeZone` values carry a wall-clock `dateTime` with NO offset
 * ("2026-11-25T14:00:00.0000000") next to a separate `timeZone`, which is "UTC" when our
 * `Prefer: outlook.timezone="UTC"` was honoured, but a Windows name ("Pacific Standard Time") or an
 * IANA name for all-day events, or when a proxy dropped the header. Each converts to the exact
 * instant through the one time-zone helper; `new Date(s)` would read the server's zone instead.
 */
const GRAPH_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?)$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

export class GraphDateTimeError extends Error {}

/** The instant of a Graph `dateTimeTimeZone`; a missing `timeZone` means UTC, as the delta reference says. */
export function parseGraphDateTime(value: { dateTime: string; timeZone?: string | null | undefined }): Date {
  if (WITH_OFFSET.test(value.dateTime)) {
    const date = new Date(value.dateTime);
    if (Number.isNaN(date.getTime())) throw new GraphDateTimeError(`Unexpected Graph dateTime format: "${value.dateTime}"`);
    return date;
  }
  const match = GRAPH_DATE_TIME.exec(value.dateTime);
  if (!match) throw new GraphDateTimeError(`Unexpected Graph dateTime format: "${value.dateTime}"`);
  if (!isCalendarDate(match[1]!)) throw new GraphDateTimeError(`Invalid Graph dateTime: "${value.dateTime}"`);
  const zone = value.timeZone ? ianaTimeZoneOf(value.timeZone) : 'UTC';
  if (!zone) throw new GraphDateTimeError(`Unknown Graph time zone "${value.timeZone}"`);
  return zonedTimeToUtc(match[1]!, match[2]!, zone);
}

/** Formats an instant the way the calendarView query parameters expect (ISO 8601 with Z). */
export const formatGraphQueryDateTime = (date: Date): string => date.toISOString();
