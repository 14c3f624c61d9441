import { safeString, text } from '@billops/core';
import { z } from 'zod';

export const authorizeResponse = z.object({ auth_url: z.url(), state: z.string() });
export const callbackBody = z.object({
  state: safeString({ min: 1, max: 512 }),
  code: safeString({ min: 1, max: 2048 }).optional(),
  /** What the provider redirected with instead of a code (e.g. `access_denied`). */
  error: safeString({ max: 256 }).optional(),
});
export const callbackQuery = z.object({
  state: safeString({ max: 512 }).optional(),
  code: safeString({ max: 2048 }).optional(),
  error: safeString({ max: 256 }).optional(),
});
export const calendarsQuery = z.object({
  refresh: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});
export const selectCalendarBody = z.object({
  calendar_id: safeString({ min: 1, max: 1024 }),
  calendar_name: text({ max: 500 }).optional(),
  /** The product spec's clients send it; tokens never come from the frontend, so it is ignored. */
  access_token: safeString({ max: 4096 }).optional(),
});
export const calendarIdParams = z.object({ calendar_id: z.uuid() });
export const syncCountsResponse = z.object({
  status: z.literal('success'),
  events_synced: z.number().int(),
  new_events: z.number().int(),
  updated_events: z.number().int(),
  deleted_events: z.number().int(),
});
export const syncQueuedResponse = z.object({ status: z.enum(['queued', 'running']), job_id: z.string() });
export const selectCalendarResponse = z.object({ status: z.literal('success'), calendar_id: z.uuid(), message: z.string() });
