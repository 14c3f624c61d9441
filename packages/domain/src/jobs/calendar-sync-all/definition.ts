import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `calendar:sync_all`: the scheduled fan-out of one `calendar:sync` per calendar. */
export const calendarSyncAllJob = defineJob({
  name: 'calendar:sync_all',
  queue: 'calendar',
  payload: z.object({ full: z.boolean().default(false) }),
  retry: { attempts: 3, backoffMs: 30_000 },
  keepCompleted: { count: 100 },
  schedules: [
    { id: 'calendar:sync_all', cron: 'CALENDAR_SYNC_CRON', payload: { full: false } },
    { id: 'calendar:sync_all_full', cron: 'CALENDAR_FULL_SYNC_CRON', payload: { full: true } },
  ],
});
