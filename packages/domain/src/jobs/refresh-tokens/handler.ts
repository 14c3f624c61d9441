import { cronSlot } from '../../scheduling/cron.ts';
import { enqueueTokenRefreshes } from '../../scheduling/enqueue-token-refreshes.ts';
import type { HandlerFor } from '../definition.ts';
import type { refreshTokensJob } from './definition.ts';

/** `calendar:refresh_tokens`: fans out a refresh for every account expiring before the next run. */
export const refreshTokensHandler: HandlerFor<typeof refreshTokensJob> = async (ctx) => {
  const slot = cronSlot(ctx.config.TOKEN_REFRESH_CRON, ctx.now());
  return enqueueTokenRefreshes(ctx, { expiringBefore: slot.end, slotStart: slot.start });
};
