import { notifyReauthRequired } from '../../notifications/notify-reauth-required.ts';
import type { HandlerFor } from '../definition.ts';
import type { notifyReauthRequiredJob } from './definition.ts';

/** The job id tells one re-auth episode from the next (producers dedupe per episode). */
export const notifyReauthRequiredHandler: HandlerFor<typeof notifyReauthRequiredJob> = (ctx, payload, job) =>
  notifyReauthRequired(ctx, { oauthAccountId: payload.oauthAccountId, occurrence: job.id ?? job.timestamp.toString() });
