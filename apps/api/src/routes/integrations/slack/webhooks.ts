import { AppError } from '@billops/core';
import { isAllowedResponseUrl } from '@billops/providers';
import {
  handleReviewAction,
  handleSlackEvent,
  handleSlackInteraction,
  handleTimeCommand,
  isReviewAction,
  recordJob,
  reviewActionPayload,
  slackEventEnvelope,
  slackTimeCommandJobId,
  type FollowUp,
} from '@billops/domain';
import type { RouteContext } from '../../../context.ts';
import type { ApiRouter } from '../../../http/route.ts';
import { interactionForm, slashCommandForm } from './schemas.ts';
import { slackSignatureCheck } from './verify.ts';

const TAG = 'slack';

/** A response_url is where the worker will POST later: only Slack's hooks (or the sandbox's) get in. */
function assertSlackResponseUrl(ctx: RouteContext, url: string): void {
  if (!isAllowedResponseUrl(ctx.providers.settings.slack, url)) {
    throw new AppError('validation_failed', 'response_url is not a Slack response URL', {
      details: [{ path: 'response_url', message: 'must start with https://hooks.slack.com/' }],
    });
  }
}

/**
 * Slack's webhooks. No bearer token: each request is verified against Slack's signature over the
 * raw body BEFORE its body is even parsed (401 and nothing done otherwise), so the bodies are
 * parsed inside the handlers rather than by the route spec.
 */
export function slackWebhookRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const assertSignedBySlack = slackSignatureCheck(ctx);
  return router
    .route(
      {
        method: 'post',
        path: '/integrations/slack/commands/time',
        tag: TAG,
        summary: 'The /time slash command (Slack-signed, form-encoded)',
        auth: false,
        status: 200,
      },
      async ({ req, res }) => {
        await assertSignedBySlack(req, res);
        const form = slashCommandForm.parse(req.body);
        assertSlackResponseUrl(ctx, form.response_url);
        const command = { teamId: form.team_id, slackUserId: form.user_id, text: form.text, triggerId: form.trigger_id };
        const outcome = await handleTimeCommand(ctx, { ...command, responseUrl: form.response_url });
        if (outcome.deferred) {
          // Through the outbox, so Slack gets its answer whatever Redis does; one job per trigger:
          // Slack's retries of this command do not record it twice.
          const jobId = slackTimeCommandJobId(form.team_id, form.trigger_id);
          await recordJob(ctx.prisma, 'slackTimeCommand', { ...command, responseUrl: form.response_url }, { jobId, dedupeKey: jobId });
        }
        // No reply when a modal was opened: Slack wants an empty 200 then.
        return outcome.reply ?? undefined;
      },
    )
    .route(
      {
        method: 'post',
        path: '/integrations/slack/interactions',
        tag: TAG,
        summary: 'Interactivity: buttons, modals, shortcuts (Slack-signed, payload form field)',
        auth: false,
        status: 200,
      },
      async ({ req, res }) => {
        await assertSignedBySlack(req, res);
        const { payload } = interactionForm.parse(req.body);
        let json: unknown;
        try {
          json = JSON.parse(payload);
        } catch {
          throw new AppError('bad_request', 'payload is not JSON', { reason: 'invalid_payload' });
        }
        // block_actions and message shortcuts carry a response_url: only Slack's are taken.
        const responseUrl = (json as { response_url?: unknown } | null)?.response_url;
        if (typeof responseUrl === 'string') assertSlackResponseUrl(ctx, responseUrl);
        // The review nudge's buttons (review_*) re-render their own message; everything else is /time's.
        const actions = (json as { type?: unknown; actions?: { action_id?: unknown }[] } | null)?.actions;
        const isReview =
          (json as { type?: unknown }).type === 'block_actions' &&
          actions?.some((a) => typeof a.action_id === 'string' && isReviewAction(a.action_id));
        const result = isReview
          ? {
              body: undefined,
              followUps: [await handleReviewAction(ctx, reviewActionPayload.parse(json))].filter((f): f is FollowUp => f !== undefined),
            }
          : await handleSlackInteraction(ctx, json);
        // Interactions are acknowledged at once; messages go out through response_url, by a job recorded in the outbox.
        for (const f of result.followUps) {
          await recordJob(ctx.prisma, 'slackResponse', {
            responseUrl: f.responseUrl,
            text: f.text,
            replaceOriginal: f.replaceOriginal,
            ...(f.blocks ? { blocks: f.blocks } : {}),
          });
        }
        return result.body;
      },
    )
    .route(
      {
        method: 'post',
        path: '/integrations/slack/events',
        tag: TAG,
        summary: 'Events API (url_verification, app_uninstalled, tokens_revoked; Slack-signed)',
        auth: false,
      },
      async ({ req, res }) => {
        await assertSignedBySlack(req, res);
        const envelope = slackEventEnvelope.safeParse(req.body);
        // Events we do not subscribe to are acknowledged so Slack stops retrying them.
        if (!envelope.success) return { ok: true };
        const outcome = await handleSlackEvent(ctx, envelope.data);
        if ('challenge' in outcome) return { challenge: outcome.challenge };
        req.log.info({ retryNum: req.get('x-slack-retry-num'), outcome: outcome.status }, 'slack event handled');
        return { ok: true };
      },
    );
}
