import type { HandlerFor } from '../definition.ts';
import type { slackResponseJob } from './definition.ts';

export const slackResponseHandler: HandlerFor<typeof slackResponseJob> = async (ctx, payload) => {
  await ctx.providers.slack.respond(payload.responseUrl, {
    text: payload.text,
    response_type: 'ephemeral',
    ...(payload.blocks ? { blocks: payload.blocks } : {}),
    ...(payload.replaceOriginal ? { replace_original: true } : {}),
  });
  return { posted: true };
};
