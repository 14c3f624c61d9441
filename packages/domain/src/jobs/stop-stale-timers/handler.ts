import { stopStaleTimers } from '../../slack/timer.ts';
import type { HandlerFor } from '../definition.ts';
import type { stopStaleTimersJob } from './definition.ts';

/** The sweep (each DM is sent once per timer). */
export const stopStaleTimersHandler: HandlerFor<typeof stopStaleTimersJob> = async (ctx) => {
  const { stopped } = await stopStaleTimers(ctx);
  return { stopped };
};
