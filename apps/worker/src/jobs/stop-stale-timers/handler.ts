import { stopStaleTimers } from '@billops/domain';
import type { JobHandler } from '../registry.ts';
import { withSlackRateLimit } from '../notifications/slack-rate-limit.ts';

/** The sweep that stops timers left running past 12 hours (each DM is sent once per timer). */
export const stopStaleTimersHandler: JobHandler<'stopStaleTimers'> = async (ctx) => {
  const { stopped } = await withSlackRateLimit(ctx, 'notifications', () => stopStaleTimers(ctx));
  return { stopped };
};
