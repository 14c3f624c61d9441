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

/** A live event (single instance, occurrence or exception) in a calendarView delta page. */
export const graphEventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['singleInstance', 'occurrence', 'exception', 'seriesMaster']).nullish(),
  seriesMasterId: z.string().nullish(),
  subject: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  isAllDay: z.boolean().nullish(),
  isCancelled: z.boolean().nullish(),
  start: dateTimeTimeZone,
  end: dateTimeTimeZone,
  originalStartTimeZone: z.string().nullish(),
});
export type GraphEvent = z.infer<typeof graphEventSchema>;

/** A deletion in a delta page: only the id and the `@removed` marker. */
export const graphRemovedEventSchema = z.object({
  id: z.string().min(1),
  '@removed': z.object({ reason: z.string().optional() }),
});
export type GraphRemovedEvent = z.infer<typeof graphRemovedEventSchema>;

export const graphDeltaItemSchema = z.union([graphRemovedEventSchema, graphEventSchema]);

export const graphDeltaPageSchema = z
  .object({
    value: z.array(graphDeltaItemSchema),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
  })
  .refine((page) => Boolean(page['@odata.nextLink']) !== Boolean(page['@odata.deltaLink']), {
    message: 'a delta page carries exactly one of @odata.nextLink and @odata.deltaLink',
  });
