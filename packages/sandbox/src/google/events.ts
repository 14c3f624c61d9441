import { addDays, isValidTimeZone, zonedTimeToUtc } from '@billops/core';
import type { EventTime, GoogleSandboxState, MeetingFields, SandboxCalendar, StoredEvent } from './store.ts';
import { newId } from './store.ts';

const DAY_MS = 24 * 3600 * 1000;

export type NewEvent = MeetingFields & {
  id?: string;
  summary?: string;
  description?: string;
  status?: 'confirmed' | 'tentative';
  start: EventTime;
  end: EventTime;
  /** A daily (or every-N-days) series with `count` occurrences, stored as a master plus its instances. */
  recurrence?: { count: number; intervalDays?: number };
};
export type EventPatch = Partial<Pick<StoredEvent, 'summary' | 'description' | 'start' | 'end' | 'attendees' | 'transparency'>> & {
  status?: 'confirmed' | 'tentative';
};

const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/** Start/end of an event as epoch ms (all-day dates read as UTC midnight; a local dateTime in its `timeZone`). */
export function timeMs(time: EventTime): number {
  const local = time.dateTime ? LOCAL.exec(time.dateTime) : null;
  // A zone Google would not know is read as UTC here, so a test can hand the product an unmappable item.
  if (local) return zonedTimeToUtc(local[1]!, local[2]!, time.timeZone && isValidTimeZone(time.timeZone) ? time.timeZone : 'UTC').getTime();
  return time.dateTime ? Date.parse(time.dateTime) : Date.parse(`${time.date}T00:00:00Z`);
}

/** The next occurrence's time: a local wall clock moves by whole days (across DST), an instant by milliseconds. */
function shift(time: EventTime, ms: number): EventTime {
  const local = time.dateTime ? LOCAL.exec(time.dateTime) : null;
  if (local) return { ...time, dateTime: `${addDays(local[1]!, Math.round(ms / DAY_MS))}T${local[2]}` };
  if (time.dateTime) return { ...time, dateTime: new Date(Date.parse(time.dateTime) + ms).toISOString().replace('.000Z', 'Z') };
  return { ...time, date: new Date(Date.parse(`${time.date}T00:00:00Z`) + ms).toISOString().slice(0, 10) };
}

/** Google's instance id: `<series id>_<start in basic UTC format>` (`..._20261126T090000Z`, or `..._20261126` all-day). */
function instanceId(seriesId: string, start: EventTime): string {
  if (start.date) return `${seriesId}_${start.date.replaceAll('-', '')}`;
  return `${seriesId}_${new Date(timeMs(start))
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}`;
}

export function addEvent(state: GoogleSandboxState, calendar: SandboxCalendar, input: NewEvent): StoredEvent[] {
  const now = new Date().toISOString();
  const { organizer, attendees, transparency, eventType, meet, iCalUID } = input;
  const meeting: MeetingFields = Object.fromEntries(
    Object.entries({ organizer, attendees, transparency, eventType, meet, iCalUID }).filter(([, v]) => v !== undefined),
  );
  const base = {
    ...meeting,
    calendarId: calendar.id,
    status: input.status ?? ('confirmed' as const),
    summary: input.summary ?? '(No title)',
    ...(input.description !== undefined ? { description: input.description } : {}),
    created: now,
    updated: now,
    sequence: 0,
  };
  const id = input.id ?? newId();
  if (!input.recurrence) {
    const event: StoredEvent = { ...base, id, start: input.start, end: input.end, seq: state.nextSeq() };
    calendar.events.set(id, event);
    return [event];
  }
  const interval = input.recurrence.intervalDays ?? 1;
  const rule = `RRULE:FREQ=DAILY;${interval > 1 ? `INTERVAL=${interval};` : ''}COUNT=${input.recurrence.count}`;
  const master: StoredEvent = { ...base, id, start: input.start, end: input.end, recurrence: [rule], seq: state.nextSeq() };
  calendar.events.set(id, master);
  const created = [master];
  for (let i = 0; i < input.recurrence.count; i += 1) {
    const start = shift(input.start, i * interval * DAY_MS);
    const instance: StoredEvent = {
      ...base,
      id: instanceId(id, start),
      start,
      end: shift(input.end, i * interval * DAY_MS),
      recurringEventId: id,
      originalStartTime: start,
      seq: state.nextSeq(),
    };
    calendar.events.set(instance.id, instance);
    created.push(instance);
  }
  return created;
}

export function updateEvent(state: GoogleSandboxState, event: StoredEvent, patch: EventPatch): StoredEvent {
  Object.assign(event, patch, { updated: new Date().toISOString(), seq: state.nextSeq(), sequence: event.sequence + 1 });
  return event;
}

/** Deleting keeps a cancelled tombstone, as Google does, so incremental syncs can report it. Deleting a series cancels its instances. */
export function cancelEvent(state: GoogleSandboxState, calendar: SandboxCalendar, event: StoredEvent): void {
  const targets = [event, ...[...calendar.events.values()].filter((e) => e.recurringEventId === event.id)];
  for (const target of targets) {
    if (target.status === 'cancelled') continue;
    target.status = 'cancelled';
    target.updated = new Date().toISOString();
    target.seq = state.nextSeq();
  }
}

const withZone = (time: EventTime, zone: string): EventTime => (time.dateTime ? { timeZone: zone, ...time } : time);

/** The Events resource as events.list returns it; deleted events come back as Google's minimal cancelled stubs. */
export function renderEvent(event: StoredEvent, calendar: SandboxCalendar, organizerEmail: string): Record<string, unknown> {
  const isSelf = (email: string) => email.toLowerCase() === calendar.id.toLowerCase();
  const etag = `"${3_000_000_000_000 + event.seq}"`;
  if (event.status === 'cancelled') {
    return {
      kind: 'calendar#event',
      etag,
      id: event.id,
      status: 'cancelled',
      ...(event.recurringEventId ? { recurringEventId: event.recurringEventId, originalStartTime: event.originalStartTime } : {}),
    };
  }
  return {
    kind: 'calendar#event',
    etag,
    id: event.id,
    status: event.status,
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${event.id} ${calendar.id}`).toString('base64url')}`,
    created: event.created,
    updated: event.updated,
    summary: event.summary,
    ...(event.description !== undefined ? { description: event.description } : {}),
    creator: { email: organizerEmail, self: true },
    organizer: event.organizer
      ? {
          email: event.organizer.email,
          ...(event.organizer.displayName ? { displayName: event.organizer.displayName } : {}),
          ...(isSelf(event.organizer.email) ? { self: true } : {}),
        }
      : { email: calendar.id, self: true, ...(calendar.primary ? {} : { displayName: calendar.summary }) },
    start: withZone(event.start, calendar.timeZone),
    end: withZone(event.end, calendar.timeZone),
    ...(event.recurrence ? { recurrence: event.recurrence } : {}),
    ...(event.recurringEventId ? { recurringEventId: event.recurringEventId, originalStartTime: event.originalStartTime } : {}),
    ...(event.transparency === 'transparent' ? { transparency: 'transparent' } : {}),
    // Attendees as Google lists them: `self` marks the calendar this copy is on, `organizer` the organizer.
    ...(event.attendees?.length
      ? {
          attendees: event.attendees.map((a) => ({
            email: a.email,
            ...(a.displayName ? { displayName: a.displayName } : {}),
            ...(isSelf(a.email) ? { self: true } : {}),
            ...(a.organizer ? { organizer: true } : {}),
            ...(a.resource ? { resource: true } : {}),
            ...(a.optional ? { optional: true } : {}),
            responseStatus: a.responseStatus ?? 'needsAction',
          })),
        }
      : {}),
    ...(event.meet
      ? {
          hangoutLink: `https://meet.google.com/${event.id.slice(0, 3)}-${event.id.slice(3, 7)}-${event.id.slice(7, 10)}`,
          conferenceData: {
            entryPoints: [
              {
                entryPointType: 'video',
                uri: `https://meet.google.com/${event.id.slice(0, 3)}-${event.id.slice(3, 7)}-${event.id.slice(7, 10)}`,
                label: 'meet.google.com',
              },
            ],
            conferenceSolution: { key: { type: 'hangoutsMeet' }, name: 'Google Meet' },
            conferenceId: `${event.id.slice(0, 3)}-${event.id.slice(3, 7)}-${event.id.slice(7, 10)}`,
          },
        }
      : {}),
    iCalUID: event.iCalUID ?? `${event.recurringEventId ?? event.id}@google.com`,
    sequence: event.sequence,
    reminders: { useDefault: true },
    eventType: event.eventType ?? 'default',
  };
}
