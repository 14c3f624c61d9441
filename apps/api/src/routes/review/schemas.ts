import { safeString } from '@billops/core';
import { z } from 'zod';

const eventIds = z.array(z.uuid()).min(1).max(200).describe('Calendar event ids (from GET /review)');

export const reviewQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1-200 (default 50)'),
  cursor: safeString({ max: 500 }).optional().describe('The next_cursor of the previous page (opaque)'),
});
export const acceptBody = z.object({
  event_ids: eventIds,
  project_id: z
    .uuid()
    .nullable()
    .optional()
    .describe("Log every meeting to this project (null: no project); omitted: each meeting's suggestion"),
});
export const dismissBody = z.object({
  event_ids: eventIds,
  series: z.boolean().default(false).describe('Also dismiss the later instances of their recurring series'),
});
export const restoreBody = z.object({ event_ids: eventIds });
export const undoBody = z.object({ time_entry_ids: z.array(z.uuid()).min(1).max(200) });
export const dismissedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(100) });

/** "HH:MM", 24-hour, in the user's time zone. */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time like 17:30');
export const settingsBody = z
  .object({ nudge_enabled: z.boolean(), nudge_time: localTime })
  .partial()
  .refine((b) => b.nudge_enabled !== undefined || b.nudge_time !== undefined, 'give nudge_enabled or nudge_time');

const suggestion = z
  .object({
    project_id: z.uuid().nullable(),
    client_id: z.uuid().nullable(),
    reason: z.string(),
    confidence: z.number().min(0).max(1),
    source: z.enum(['series', 'rule', 'history']),
  })
  .nullable();
const reviewItem = z.object({
  id: z.uuid(),
  calendar_id: z.uuid(),
  title: z.string(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  duration_seconds: z.number().int(),
  recurring: z.boolean(),
  attendees: z.array(z.string()),
  organizer: z.string().nullable(),
  markers: z.array(z.string()),
  suggestion,
});
export const reviewResponse = z.object({
  data: z.array(reviewItem),
  per_day: z.array(z.object({ date: z.iso.date(), count: z.number().int() })),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
});
const refusal = z.object({ event_id: z.uuid(), status: z.literal('refused'), reason: z.string(), message: z.string() });
export const acceptResponse = z.object({
  data: z.array(
    z.union([
      z.object({ event_id: z.uuid(), status: z.enum(['logged', 'already_logged']), time_entry: z.record(z.string(), z.unknown()) }),
      refusal,
    ]),
  ),
});
export const dismissResponse = z.object({
  data: z.array(z.union([z.object({ event_id: z.uuid(), status: z.enum(['dismissed', 'restored']), series: z.boolean() }), refusal])),
});
export const settingsResponse = z.object({ nudge_enabled: z.boolean(), nudge_time: z.string(), time_zone: z.string() });
