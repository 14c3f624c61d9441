import { UnrecoverableError } from 'bullmq';
import { isAppError } from '@billops/core';
import { enqueueTokenRefreshes, getAccessToken } from '@billops/domain';
import { cronSlot } from '../../cron.ts';
import type { JobHandler } from '../registry.ts';

/** `calendar:refresh_tokens`: fans out a refresh for every account expiring before the next run. */
export const refreshTokensHandler: JobHandler<'refreshTokens'> = async (ctx) => {
  const slot = cronSlot(ctx.config.TOKEN_REFRESH_CRON, ctx.now());
  return enqueueTokenRefreshes(ctx, { expiringBefore: slot.end, slotStart: slot.start });
};

/**
 * `calendar:refresh_account_token`: one refresh through the same locked refresher the sync uses.
 * A gone grant is already recorded (needs_reauth, calendars paused, one notification) by the
 * refresher, so the job stops at once; transient failures are rethrown for BullMQ's backoff.
 */
export const refreshAccountTokenHandler: JobHandler<'refreshAccountToken'> = async (ctx, payload) => {
  try {
    await getAccessToken(ctx, payload.oauthAccountId, { force: true });
    return { refreshed: true };
  } catch (error) {
    if (isAppError(error) && (error.reason === 'reauth_required' || error.code === 'not_found')) {
      throw new UnrecoverableError(error.message);
    }
    throw error;
  }
};
