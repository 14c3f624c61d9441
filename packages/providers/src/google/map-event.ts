import type { ProviderEvent } from '../calendar/types.ts';
import { ProviderError } from '../shared/provider-error.ts';
import type { GoogleEvent } from './schemas.ts';

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/** Offset of `timeZone` from UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * Google sends RFC 3339 with an offset; a local time without one is read in the event's own time
 * zone (never the server's), falling back to UTC.
 */
export function parseGoogleDateTime(value: string, timeZone: string | null): Date {
  let date: Date;
  if (HAS_OFFSET.test(value)) date = new Date(value);
  else {
    const naive = new Date(`${value}Z`);
    date = timeZone && !Number.isNaN(naive.getTime()) ? new Date(naive.getTime() - zoneOffsetMs(naive, timeZone)) : naive;
  }
  if (Number.isNaN(date.getTime())) throw new ProviderError('google', 'permanent', `Google sent an unreadable date-time: ${value}`);
  return date;
}

/** One Google event (or recurring instance, or cancelled stub) as the sync engine stores it. */
export function toProviderEvent(event: GoogleEvent, calendarTimeZone: string | null): ProviderEvent {
  const cancelled = event.status === 'cancelled';
  const allDay = !event.start?.dateTime && Boolean(event.start?.date);
  const timeZone = event.start?.timeZone ?? calendarTimeZone ?? null;
  const timed = !allDay && !cancelled && event.start?.dateTime && event.end?.dateTime;
  return {
    id: event.id,
    seriesId: event.recurringEventId ?? null,
    cancelled,
    allDay,
    title: event.summary ?? '',
    description: event.description ?? null,
    start: timed ? parseGoogleDateTime(event.start!.dateTime!, timeZone) : null,
    end: timed ? parseGoogleDateTime(event.end!.dateTime!, event.end?.timeZone ?? timeZone) : null,
    timeZone,
  };
}
