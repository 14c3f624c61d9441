import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `notification:reauth_required`: tells an account's owner in Slack that their calendar connection must be renewed. */
export const notifyReauthRequiredJob = defineJob({
  name: 'notification:reauth_required',
  queue: 'notifications',
  payload: z.object({ oauthAccountId: z.uuid() }),
  retry: { attempts: 8, backoffMs: 5_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  callsSlack: true,
});

/** One job per re-auth episode: the moment the account was marked tells one episode from the next. */
export const reauthRequiredJobId = (oauthAccountId: string, markedAt: Date): string =>
  `reauth-required-${oauthAccountId}-${markedAt.getTime()}`;
