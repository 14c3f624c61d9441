import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `maintenance:reap_stuck_syncs`: resets syncs left "running" by a worker that died. */
export const reapStuckSyncsJob = defineJob({
  name: 'maintenance:reap_stuck_syncs',
  queue: 'maintenance',
  payload: z.object({}),
  retry: { attempts: 1 },
  keepCompleted: { count: 50 },
  schedules: [{ id: 'maintenance:reap_stuck_syncs', cron: 'REAPER_CRON', payload: {} }],
});
