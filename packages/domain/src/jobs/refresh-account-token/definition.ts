import { z } from 'zod';
import { defineJob } from '../definition.ts';
import { isRetryableFailure } from '../failures.ts';

/**
 * `calendar:refresh_account_token`: one account's refresh, fanned out by refreshTokens so a transient
 * failure retries just that account.
 */
export const refreshAccountTokenJob = defineJob({
  name: 'calendar:refresh_account_token',
  queue: 'calendar',
  payload: z.object({ oauthAccountId: z.uuid() }),
  retry: { attempts: 6, backoffMs: 30_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  // A gone grant is already recorded by the refresher (needs_reauth, calendars paused, one
  // notification) and a deleted account stays deleted: both fail at once; outages back off.
  isRetryable: isRetryableFailure,
});

/** One refresh per account and schedule slot: a second fan-out in the same slot adds nothing. */
export const refreshAccountTokenJobId = (oauthAccountId: string, slotStart: Date): string =>
  `refresh-token-${oauthAccountId}-${slotStart.getTime()}`;
