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

export const googleEventSchema = z.object({
  id: z.string().min(1),
  status: z.string().nullish(),
  summary: z.string().nullish(),
  description: z.string().nullish(),
  start: eventDateTime.nullish(),
  end: eventDateTime.nullish(),
  recurringEventId: z.string().nullish(),
});
export type GoogleEvent = z.infer<typeof googleEventSchema>;

export const eventsPageSchema = z.object({
  items: z.array(googleEventSchema).nullish(),
  timeZone: z.string().nullish(),
  nextPageToken: z.string().nullish(),
  nextSyncToken: z.string().nullish(),
});

export const calendarListPageSchema = z.object({
  items: z
    .array(z.object({ id: z.string().min(1), summary: z.string().nullish(), summaryOverride: z.string().nullish(), primary: z.boolean().nullish() }))
    .nullish(),
  nextPageToken: z.string().nullish(),
});

/** OpenID Connect userinfo. */
export const userInfoSchema = z.object({ sub: z.string().min(1), email: z.string().nullish() });

/** Google's JSON error bodies: the API's `{"error":{code,message,errors:[{reason}]}}` and the token endpoint's `{"error","error_description"}`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});
export const oauthErrorBodySchema = z.object({ error: z.string(), error_description: z.string().optional() });
