import type { EventField, ProviderEvent, SelfResponse, ShowAs } from '../calendar/types.ts';
import { parseGraphDateTime } from './graph-datetime.ts';
import type { GraphEvent, GraphRemovedEvent } from './graph-schemas.ts';

const isRemoved = (item: GraphEvent | GraphRemovedEvent): item is GraphRemovedEvent => '@removed' in item;

/** responseStatus.response (documented in PascalCase, sent in camelCase: compared lower-case). */
const RESPONSES: Record<string, SelfResponse> = {
  accepted: 'accepted',
  tentativelyaccepted: 'tentative',
  declined: 'declined',
  notresponded: 'needs_action',
};
const SHOW_AS: Record<string, ShowAs> = {
  free: 'free',
  tentative: 'tentative',
  busy: 'busy',
  oof: 'oof',
  workingelsewhere: 'working_elsewhere',
  unknown: 'unknown',
};

const removedStub = (id: string): ProviderEvent => ({
  id,
  seriesId: null,
  cancelled: true,
  allDay: false,
  title: '',
  description: null,
  start: null,
  end: null,
  timeZone: null,
  selfResponse: null,
  isOrganizer: false,
  showAs: 'busy',
  eventType: 'default',
  attendeeEmails: [],
  organizerEmail: null,
  iCalUid: null,
  hasOnlineMeeting: false,
});

/** Which of the engine's fields an item did not carry (undefined = not sent; null = sent empty). */
function absentFields(item: GraphEvent): EventField[] {
  const absent: EventField[] = [];
  const unsent = (...values: unknown[]) => values.every((value) => value === undefined);
  if (unsent(item.subject)) absent.push('title');
  if (unsent(item.bodyPreview, item.body)) absent.push('description');
  if (unsent(item.start)) absent.push('start');
  if (unsent(item.end)) absent.push('end');
  if (unsent(item.isAllDay)) absent.push('allDay');
  if (unsent(item.isCancelled)) absent.push('cancelled');
  if (unsent(item.seriesMasterId)) absent.push('seriesId');
  if (unsent(item.originalStartTimeZone)) absent.push('timeZone');
  if (unsent(item.responseStatus, item.isOrganizer)) absent.push('selfResponse', 'isOrganizer');
  if (unsent(item.showAs)) absent.push('showAs', 'eventType');
  if (unsent(item.attendees)) absent.push('attendeeEmails');
  if (unsent(item.organizer)) absent.push('organizerEmail');
  if (unsent(item.iCalUId)) absent.push('iCalUid');
  if (unsent(item.isOnlineMeeting, item.onlineMeeting, item.onlineMeetingUrl)) absent.push('hasOnlineMeeting');
  return absent;
}

/**
 * One Graph event → the engine's event. calendarView expands recurring series, so an item is a
 * single instance, an occurrence or an exception (keyed by its own id, with the series master's id
 * as `seriesId`). Absent properties get defaults and are listed in `absent`, for the engine to
 * fill from what it stored or from the series master. All-day items keep null times: their
 * `dateTime` is midnight in the event's own zone and is never read.
 */
export function toProviderEvent(item: GraphEvent): ProviderEvent {
  const response = item.responseStatus?.response?.toLowerCase();
  const isOrganizer = item.isOrganizer ?? response === 'organizer';
  const organizerEmail = item.organizer?.emailAddress?.address?.toLowerCase() || null;
  const others = new Set<string>();
  for (const attendee of item.attendees ?? []) {
    const email = attendee.emailAddress?.address?.toLowerCase();
    if (email && attendee.type?.toLowerCase() !== 'resource') others.add(email);
  }
  if (organizerEmail && !isOrganizer) others.add(organizerEmail);
  // "none" is what an appointment without attendees answers; on an invitation it means no answer yet.
  const selfResponse = isOrganizer || !response ? null : (RESPONSES[response] ?? (others.size > 0 ? 'needs_action' : null));
  const showAs: ShowAs = item.showAs ? (SHOW_AS[item.showAs.toLowerCase()] ?? 'unknown') : 'busy';
  const allDay = item.isAllDay === true;
  const text = item.body?.contentType?.toLowerCase() === 'text' ? item.body.content : null;
  const absent = absentFields(item);
  return {
    id: item.id,
    seriesId: item.seriesMasterId ?? null,
    cancelled: item.isCancelled === true,
    allDay,
    title: item.subject ?? '',
    description: item.bodyPreview || text || null,
    start: !allDay && item.start ? parseGraphDateTime(item.start) : null,
    end: !allDay && item.end ? parseGraphDateTime(item.end) : null,
    // The times are UTC instants; the organiser's zone is what people recognise.
    timeZone: item.originalStartTimeZone ?? null,
    selfResponse,
    isOrganizer,
    showAs,
    eventType: showAs === 'oof' ? 'out_of_office' : 'default',
    attendeeEmails: [...others].sort(),
    organizerEmail,
    iCalUid: item.iCalUId ?? null,
    hasOnlineMeeting: item.isOnlineMeeting === true || Boolean(item.onlineMeeting?.joinUrl || item.onlineMeetingUrl),
    ...(absent.length > 0 ? { absent } : {}),
  };
}

/**
 * A calendarView delta item. `@removed` items carry only an id and become cancelled stubs; a series
 * master is never a meeting (calendarView lists its occurrences), so it too becomes a stub that
 * removes any row stored for it.
 */
export function toDeltaEvent(item: GraphEvent | GraphRemovedEvent): ProviderEvent {
  if (isRemoved(item) || item.type?.toLowerCase() === 'seriesmaster') return removedStub(item.id);
  return toProviderEvent(item);
}
