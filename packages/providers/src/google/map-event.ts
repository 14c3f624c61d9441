import { ianaTimeZoneOf, isCalendarDate, zonedTimeToUtc } from '@billops/core';
import type { CalendarEventType, ProviderEvent, SelfResponse } from '../calendar/types.ts';
import type { GoogleEvent } from './schemas.ts';

const WITH_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)$/;

/**
 * Google sends RFC 3339 with an offset; a local time without one is read in the event's own time
 * zone through the one time-zone helper (exact across DST), falling back to UTC.
 */
export function parseGoogleDateTime(value: string, timeZone: string | null): Date {
  if (WITH_OFFSET.test(value)) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) throw new Error(`unreadable date-time: ${value}`);
    return date;
  }
  const match = LOCAL_DATE_TIME.exec(value);
  if (!match || !isCalendarDate(match[1]!)) throw new Error(`unreadable date-time: ${value}`);
  const zone = timeZone ? ianaTimeZoneOf(timeZone) : 'UTC';
  if (!zone) throw new Error(`unknown time zone "${timeZone}"`);
  return zonedTimeToUtc(match[1]!, match[2]!, zone);
}

/** https://developers.google.com/calendar/api/v3/reference/events: `eventType` values. */
const EVENT_TYPES: Record<string, CalendarEventType> = {
  default: 'default',
  outOfOffice: 'out_of_office',
  focusTime: 'focus_time',
  workingLocation: 'working_location',
  birthday: 'birthday',
  fromGmail: 'from_gmail',
};
const RESPONSES: Record<string, SelfResponse> = {
  accepted: 'accepted',
  tentative: 'tentative',
  declined: 'declined',
  needsAction: 'needs_action',
};

/** Calendars (rooms, group and resource calendars) are not people. */
const isCalendarAddress = (email: string) =>
  /@(resource|group)\.calendar\.google\.com$/.test(email) || email.endsWith('@group.v.calendar.google.com');

/** The meeting facts of a Google event: the `self` attendee's answer, free/busy, type, the others. */
function meetingFacts(
  event: GoogleEvent,
): Pick<
  ProviderEvent,
  'selfResponse' | 'isOrganizer' | 'showAs' | 'eventType' | 'attendeeEmails' | 'organizerEmail' | 'iCalUid' | 'hasOnlineMeeting'
> {
  const attendees = event.attendees ?? [];
  const selfAttendee = attendees.find((a) => a.self);
  const isOrganizer = event.organizer?.self === true || selfAttendee?.organizer === true;
  const organizerEmail = event.organizer?.email?.toLowerCase() ?? null;
  const others = new Set<string>();
  for (const attendee of attendees) {
    const email = attendee.email?.toLowerCase();
    if (email && !attendee.self && !attendee.resource && !isCalendarAddress(email)) others.add(email);
  }
  if (organizerEmail && !isOrganizer && !isCalendarAddress(organizerEmail)) others.add(organizerEmail);
  const answer = selfAttendee?.responseStatus ? (RESPONSES[selfAttendee.responseStatus] ?? 'needs_action') : null;
  return {
    selfResponse: isOrganizer ? null : answer,
    isOrganizer,
    showAs: event.transparency === 'transparent' ? 'free' : 'busy',
    eventType: EVENT_TYPES[event.eventType ?? 'default'] ?? 'default',
    attendeeEmails: [...others].sort(),
    organizerEmail,
    iCalUid: event.iCalUID ?? null,
    hasOnlineMeeting: Boolean(
      event.hangoutLink || event.conferenceData?.conferenceId || event.conferenceData?.entryPoints?.some((entry) => entry.uri),
    ),
  };
}

/** One Google event (or recurring instance, or cancelled stub) as the sync engine stores it. */
export function toProviderEvent(event: GoogleEvent, calendarTimeZone: string | null): ProviderEvent {
  const cancelled = event.status === 'cancelled';
  const allDay = !event.start?.dateTime && Boolean(event.start?.date);
  const timeZone = event.start?.timeZone ?? calendarTimeZone ?? null;
  const timed = !allDay && !cancelled;
  if (timed && (!event.start?.dateTime || !event.end?.dateTime)) throw new Error('a live event without start and end times');
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
    ...meetingFacts(event),
  };
}
