import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { ianaTimeZoneOf, wallClockAt } from '@billops/core';
import type { SandboxEvent } from './state.ts';

/**
 * Microsoft's wire formats, as documented for Graph v1.0 and the identity platform v2.0:
 * - dateTimeTimeZone with `Prefer: outlook.timezone="UTC"`: `{"dateTime":"2026-11-25T14:00:00.0000000","timeZone":"UTC"}`
 *   (seven fractional digits, no offset);
 * - Graph errors: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`;
 * - token errors: `{"error","error_description":"AADSTS70008: ...","error_codes":[70008],"timestamp","trace_id","correlation_id"}`.
 */

export const graphDateTime = (date: Date): string => `${date.toISOString().slice(0, 23)}0000`;

/** Graph's `date` in innerError and the token endpoint's `timestamp` use "2026-11-25 13:01:02Z"-like forms. */
const graphErrorDate = () => new Date().toISOString().slice(0, 19);

export function sendGraphError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = randomUUID();
  res
    .status(status)
    .set({ 'request-id': requestId, 'client-request-id': requestId, ...headers })
    .json({ error: { code, message, innerError: { date: graphErrorDate(), 'request-id': requestId, 'client-request-id': requestId } } });
}

export function sendTokenError(res: Response, status: number, error: string, aadsts: number, description: string): void {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = `${new Date().toISOString().slice(0, 19).replace('T', ' ')}Z`;
  res.status(status).json({
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
  });
}

/** Descriptions Microsoft uses for the AADSTS codes the sandbox can produce. */
export const AADSTS_DESCRIPTIONS: Record<number, string> = {
  50057: 'The user account is disabled.',
  50173: 'The provided grant has expired due to it being revoked, a fresh auth token is needed.',
  54005: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  65001:
    'The user or administrator has not consented to use the application. Send an interactive authorization request for this user ' +
    'and resource.',
  70000: 'The provided value for the input parameter is not valid.',
  70008:
    'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request ' +
    'for this user and resource.',
  700082: 'The refresh token has expired due to inactivity.',
  501481: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  7000215:
    'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  900144: "The request body must contain the following parameter: 'grant_type'.",
  9002313: 'Invalid request. Request is malformed or invalid.',
};

const graphStamp = (date: Date) => date.toISOString().replace('Z', '0000Z');

/**
 * Start or end as Graph sends it. Timed events honour `Prefer: outlook.timezone="UTC"`; all-day
 * events come back as local midnight in their own zone whatever the preference (as real Graph does).
 */
function dateTimeTimeZone(event: SandboxEvent, which: 'start' | 'end', inOwnZone: boolean) {
  const date = event[which];
  if (event.isAllDay) return { dateTime: `${date.toISOString().slice(0, 10)}T00:00:00.0000000`, timeZone: event.originalStartTimeZone };
  if (inOwnZone) {
    // Outlook's legacy custom zones have no IANA equivalent: the sandbox then writes UTC wall-clock under that label.
    const zone = ianaTimeZoneOf(event.originalStartTimeZone) ?? 'UTC';
    const wall = wallClockAt(date, zone);
    const pad = (n: number) => String(n).padStart(2, '0');
    return {
      dateTime: `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}.0000000`,
      timeZone: event.originalStartTimeZone,
    };
  }
  return { dateTime: graphDateTime(date), timeZone: 'UTC' };
}

const emailAddress = (address: string, name?: string) => ({ name: name ?? address.split('@')[0], address });

/**
 * An event as GET /me/events/{id} and calendarView (delta) return it in full with the UTC preference.
 * https://learn.microsoft.com/graph/api/resources/event
 */
export function graphEventJson(event: SandboxEvent, options: { timedEventsInOwnZone?: boolean } = {}) {
  const inOwnZone = options.timedEventsInOwnZone ?? false;
  const joinUrl = event.isOnlineMeeting
    ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${event.id.slice(4, 20)}%40thread.v2/0`
    : null;
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${Buffer.from(`v${event.changeSeq}`).toString('base64')}"`,
    id: event.id,
    createdDateTime: graphStamp(event.createdAt),
    lastModifiedDateTime: graphStamp(event.lastModifiedAt),
    changeKey: Buffer.from(`${event.id}:${event.changeSeq}`).toString('base64').slice(0, 24),
    categories: [],
    transactionId: null,
    originalStartTimeZone: event.originalStartTimeZone,
    originalEndTimeZone: event.originalStartTimeZone,
    iCalUId: event.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: event.bodyPreview,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: event.isAllDay,
    isCancelled: event.isCancelled,
    isOrganizer: event.response === 'organizer' || event.response === 'none',
    responseRequested: true,
    seriesMasterId: event.seriesMasterId,
    showAs: event.showAs,
    type: event.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: true,
    isDraft: false,
    hideAttendees: false,
    responseStatus: {
      response: event.response,
      time: event.response === 'organizer' || event.response === 'none' ? '0001-01-01T00:00:00Z' : graphStamp(event.lastModifiedAt),
    },
    body: { contentType: 'html', content: `<html><body>${event.bodyPreview}</body></html>` },
    start: dateTimeTimeZone(event, 'start', inOwnZone),
    end: dateTimeTimeZone(event, 'end', inOwnZone),
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown', address: {}, coordinates: {} },
    locations: [],
    recurrence: null,
    attendees: event.attendees.map((attendee) => ({
      type: attendee.type ?? 'required',
      status: { response: attendee.response ?? 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: emailAddress(attendee.address, attendee.name),
    })),
    organizer: { emailAddress: emailAddress(event.organizer.address, event.organizer.name) },
    onlineMeeting: joinUrl ? { joinUrl } : null,
  };
}

/**
 * A calendarView delta item. Occurrences come minimal (id, type, seriesMasterId, start, end: their
 * subject and attendees live on the series master), and on an incremental round an event changed
 * since the round's token carries only what changed ("at least the properties that have been
 * updated"), never the rest.
 */
export function deltaItemJson(
  event: SandboxEvent,
  changed: string[] | 'all',
  options: { timedEventsInOwnZone?: boolean } = {},
): Record<string, unknown> {
  const full = graphEventJson(event, options) as Record<string, unknown>;
  const pick = (keys: string[]) => Object.fromEntries(['@odata.type', '@odata.etag', 'id', ...keys].map((key) => [key, full[key]]));
  if (event.type === 'occurrence') return pick(['type', 'seriesMasterId', 'start', 'end']);
  if (changed === 'all') return full;
  return pick(['lastModifiedDateTime', 'changeKey', ...changed]);
}

export const removedEventJson = (id: string) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
