import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `slack:stop_stale_timers`: stops `/time start` timers left running past 12 hours and tells their owners. */
export const stopStaleTimersJob = defineJob({
  name: 'slack:stop_stale_timers',
  queue: 'notifications',
  payload: z.object({}),
  retry: { attempts: 3, backoffMs: 30_000 },
  keepCompleted: { count: 100 },
  callsSlack: true,
  schedules: [{ id: 'slack:stop_stale_timers', cron: 'TIMER_SWEEP_CRON', payload: {} }],
});
