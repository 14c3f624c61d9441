import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `calendar:refresh_tokens`: the scheduled fan-out of one refresh per account expiring before the next run. */
export const refreshTokensJob = defineJob({
  name: 'calendar:refresh_tokens',
  queue: 'calendar',
  payload: z.object({}),
  retry: { attempts: 3, backoffMs: 60_000 },
  keepCompleted: { count: 100 },
  schedules: [{ id: 'calendar:refresh_tokens', cron: 'TOKEN_REFRESH_CRON', payload: {} }],
});
