import { z } from 'zod';

/**
 * The parts of Microsoft Graph responses we rely on. Graph sends many more properties; zod's
 * default `object` strips them. Anything missing or mistyped here fails loudly instead of
 * turning into `undefined` deep inside the sync engine.
 */

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });

export const graphUserSchema = z.object({
  id: z.string().min(1),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});

export const graphCalendarSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  isDefaultCalendar: z.boolean().nullish(),
});

export const graphCalendarPageSchema = z.object({
  value: z.array(graphCalendarSchema),
  '@odata.nextLink': z.string().optional(),
});

const emailAddress = z.object({ address: z.string().nullish(), name: z.string().nullish() });

/**
 * A live event (single instance, occurrence, exception or series master) as calendarView delta or
 * GET /me/events/{id} returns it. Only `id` is required: delta rows carry "at least the properties
 * that have been updated" and occurrences may come as id, type, seriesMasterId, start and end only.
 * A property that is absent (undefined) is unknown; one that is null is known to be empty.
 * https://learn.microsoft.com/graph/api/resources/event
 */
export const graphEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().nullish(),
  seriesMasterId: z.string().nullish(),
  subject: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  body: z.object({ contentType: z.string().nullish(), content: z.string().nullish() }).nullish(),
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  start: dateTimeTimeZone.nullish(),
  end: dateTimeTimeZone.nullish(),
  originalStartTimeZone: z.string().nullish(),
  iCalUId: z.string().nullish(),
  isOrganizer: z.boolean().nullish(),
  /** none, organizer, tentativelyAccepted, accepted, declined, notResponded (any letter case). */
  responseStatus: z.object({ response: z.string().nullish() }).nullish(),
  /** free, tentative, busy, oof, workingElsewhere, unknown. */
  showAs: z.string().nullish(),
  organizer: z.object({ emailAddress: emailAddress.nullish() }).nullish(),
  attendees: z.array(z.object({ type: z.string().nullish(), emailAddress: emailAddress.nullish() })).nullish(),
  isOnlineMeeting: z.boolean().nullish(),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
  onlineMeetingUrl: z.string().nullish(),
});
export type GraphEvent = z.infer<typeof graphEventSchema>;

/** A deletion in a delta page: only the id and the `@removed` marker. */
export const graphRemovedEventSchema = z.object({
  id: z.string().min(1),
  '@removed': z.object({ reason: z.string().nullish() }).passthrough(),
});
export type GraphRemovedEvent = z.infer<typeof graphRemovedEventSchema>;
export const graphDeltaItemSchema = z.union([graphRemovedEventSchema, graphEventSchema]);
export const graphDeltaPageSchema = z
  .object({
    /** Checked item by item (graphDeltaItemSchema), so one odd item is skipped alone. */
    value: z.array(z.unknown()),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
  })
  .refine((page) => Boolean(page['@odata.nextLink']) !== Boolean(page['@odata.deltaLink']), {
    message: 'a delta page carries exactly one of @odata.nextLink and @odata.deltaLink',
  });
