import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `review:auto_convert`: after a calendar sync, meetings matching an auto-convert rule become time entries. */
export const reviewAutoConvertJob = defineJob({
  name: 'review:auto_convert',
  queue: 'calendar',
  payload: z.object({ calendarId: z.uuid() }),
  retry: { attempts: 3, backoffMs: 10_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
});

/** One pending conversion per calendar: it covers every sync that finished before it starts. */
export const reviewAutoConvertDedupId = (calendarId: string): string => `review-auto-convert-${calendarId}`;
