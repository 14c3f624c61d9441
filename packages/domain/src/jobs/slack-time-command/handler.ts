import { handleTimeCommand } from '../../slack/handle-time-command.ts';
import type { HandlerFor } from '../definition.ts';
import type { slackTimeCommandJob } from './definition.ts';

/**
 * Links the user by email (users.info), runs the command and answers on its response_url.
 * Idempotent on the trigger, so a retry after the entry was created answers the same thing again
 * without a second entry.
 */
export const slackTimeCommandHandler: HandlerFor<typeof slackTimeCommandJob> = async (ctx, payload) => {
  const { reply } = await handleTimeCommand(ctx, payload, { mode: 'job' });
  if (reply) await ctx.providers.slack.respond(payload.responseUrl, { ...reply });
  return { answered: true };
};
