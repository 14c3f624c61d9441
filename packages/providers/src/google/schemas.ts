import { z } from 'zod';

/**
 * Google's responses as we read them. Only the fields the product uses are declared; unknown
 * fields are dropped. Google never sends nulls here, but the googleapis types allow them, so
 * optional fields accept null too.
 */

/** The token endpoint's answer after google-auth-library turned `expires_in` into `expiry_date`. */
export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expiry_date: z.number().nullish(),
  expires_in: z.number().nullish(),
  scope: z.string().nullish(),
  token_type: z.string().nullish(),
});
export type GoogleTokenResponse = z.infer<typeof tokenResponseSchema>;

const eventDateTime = z.object({
  /** Timed events: RFC 3339 with an offset (or a local time plus `timeZone`). */
  dateTime: z.string().nullish(),
  /** All-day events: `yyyy-mm-dd`. */
  date: z.string().nullish(),
  timeZone: z.string().nullish(),
});

const person = z.object({ email: z.string().nullish(), self: z.boolean().nullish() });

/**
 * An Events resource (calendar v3). Everything but `id` may be absent: cancelled stubs carry only
 * `id` and `status`, and Google omits defaults (`transparency` opaque, `eventType` default).
 */
export const googleEventSchema = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  summary: z.string().nullish(),
  description: z.string().nullish(),
  start: eventDateTime.nullish(),
  end: eventDateTime.nullish(),
  recurringEventId: z.string().nullish(),
  iCalUID: z.string().nullish(),
  /** "opaque" (default, busy) or "transparent" (free). */
  transparency: z.string().nullish(),
  /** default, outOfOffice, focusTime, workingLocation, birthday, fromGmail. */
  eventType: z.string().nullish(),
  organizer: person.nullish(),
  attendees: z
    .array(person.extend({ resource: z.boolean().nullish(), organizer: z.boolean().nullish(), responseStatus: z.string().nullish() }))
    .nullish(),
  hangoutLink: z.string().nullish(),
  conferenceData: z
    .object({ conferenceId: z.string().nullish(), entryPoints: z.array(z.object({ uri: z.string().nullish() })).nullish() })
    .nullish(),
});
export type GoogleEvent = z.infer<typeof googleEventSchema>;

/** The page itself; its items are checked one by one (googleEventSchema), so one odd event skips alone. */
export const eventsPageSchema = z.object({
  items: z.array(z.unknown()).nullish(),
  timeZone: z.string().nullish(),
  nextPageToken: z.string().nullish(),
  nextSyncToken: z.string().nullish(),
});

export const calendarListPageSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        summary: z.string().nullish(),
        summaryOverride: z.string().nullish(),
        primary: z.boolean().nullish(),
      }),
    )
    .nullish(),
  nextPageToken: z.string().nullish(),
});

/** OpenID Connect userinfo. */
export const userInfoSchema = z.object({ sub: z.string().min(1), email: z.string().nullish() });

/**
 * Google's JSON error bodies: the API's `{"error":{code,message,errors:[{reason}]}}` and the token
 * endpoint's `{"error","error_description"}`.
 */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});
export const oauthErrorBodySchema = z.object({ error: z.string(), error_description: z.string().optional() });
