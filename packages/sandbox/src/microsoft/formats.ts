import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
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
  65001: "The user or administrator has not consented to use the application. Send an interactive authorization request for this user and resource.",
  70000: 'The provided value for the input parameter is not valid.',
  70008: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  700082: 'The refresh token has expired due to inactivity.',
  501481: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  7000215: 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  900144: "The request body must contain the following parameter: 'grant_type'.",
  9002313: 'Invalid request. Request is malformed or invalid.',
};

/** An event as calendarView (delta) returns it with the UTC preference. */
export function graphEventJson(event: SandboxEvent) {
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${Buffer.from(`v${event.changeSeq}`).toString('base64')}"`,
    id: event.id,
    createdDateTime: event.createdAt.toISOString().replace('Z', '0000Z'),
    lastModifiedDateTime: event.lastModifiedAt.toISOString().replace('Z', '0000Z'),
    changeKey: Buffer.from(`${event.id}:${event.changeSeq}`).toString('base64').slice(0, 24),
    categories: [],
    originalStartTimeZone: event.originalStartTimeZone,
    originalEndTimeZone: event.originalStartTimeZone,
    iCalUId: `040000008200E00074C5B7101A82E008${event.seriesMasterId ?? event.id}`.slice(0, 64),
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: event.bodyPreview,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: event.isAllDay,
    isCancelled: event.isCancelled,
    isOrganizer: true,
    responseRequested: true,
    seriesMasterId: event.seriesMasterId,
    showAs: event.isAllDay ? 'free' : 'busy',
    type: event.type,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    body: { contentType: 'html', content: `<html><body>${event.bodyPreview}</body></html>` },
    start: { dateTime: graphDateTime(event.start), timeZone: 'UTC' },
    end: { dateTime: graphDateTime(event.end), timeZone: 'UTC' },
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown' },
    locations: [],
    attendees: [],
    organizer: { emailAddress: { name: 'Sandbox User', address: 'sandbox.user@contoso.test' } },
  };
}

export const removedEventJson = (id: string) => ({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
