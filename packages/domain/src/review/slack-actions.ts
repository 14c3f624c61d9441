import { z } from 'zod';
import type { ServiceContext } from '../context.ts';
import { acceptMeetings, type AcceptOutcome } from './accept-meetings.ts';
import { dismissMeetings } from './dismiss-meetings.ts';
import { ITEM_BLOCK_PREFIX, REVIEW_ACTION_PREFIX, REVIEW_ACTIONS } from './nudge-message.ts';
import { renderReviewNudge } from './nudge.ts';

/**
 * The parts of Slack's block_actions payload the review nudge reads
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload): buttons carry
 * `value`, the static select `selected_option.value`; `message.blocks` is the message clicked in.
 */
export const reviewActionPayload = z.object({
  type: z.literal('block_actions'),
  team: z.object({ id: z.string().min(1) }),
  user: z.object({ id: z.string().min(1) }),
  response_url: z.url().optional(),
  message: z
    .object({ blocks: z.array(z.object({ block_id: z.string().optional() }).loose()).optional() })
    .loose()
    .optional(),
  actions: z
    .array(
      z
        .object({
          action_id: z.string(),
          value: z.string().max(2000).optional(),
          selected_option: z.object({ value: z.string().max(150) }).nullish(),
        })
        .loose(),
    )
    .min(1),
});
export type ReviewActionPayload = z.infer<typeof reviewActionPayload>;

export const isReviewAction = (actionId: string) => actionId.startsWith(REVIEW_ACTION_PREFIX);

/** What to post to the click's response_url. */
export type ReviewActionReply = { responseUrl: string; text: string; blocks?: unknown[]; replaceOriginal: boolean };

const UUID = z.uuid();
const ids = (value: string | undefined) => (value ?? '').split(',').filter((id) => UUID.safeParse(id).success);

function noticeOf(outcomes: AcceptOutcome[], projectNames: Map<string, string>): string | undefined {
  const refused = outcomes.filter((o) => o.status === 'refused');
  const stale = outcomes.filter((o) => o.status === 'already_logged');
  if (outcomes.length === 1 && stale.length === 1) {
    const project =
      stale[0]!.status === 'already_logged' && stale[0]!.entry.projectId ? projectNames.get(stale[0]!.entry.projectId) : undefined;
    return `That meeting was already logged${project ? ` to ${project}` : ''}; nothing changed.`;
  }
  if (refused.length === 1 && outcomes.length === 1 && refused[0]!.status === 'refused') return refused[0]!.message;
  if (refused.length > 0) return `${refused.length} meeting${refused.length === 1 ? '' : 's'} could not be logged.`;
  return undefined;
}

/**
 * A click on the review nudge: log (suggested project or the one picked), dismiss, or log all
 * suggested, then the same meetings re-rendered as they now are. Every step is idempotent, so a
 * click Slack delivers twice logs once and renders the same message; a button left over on a
 * meeting logged elsewhere says so.
 */
export async function handleReviewAction(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'now'>,
  payload: ReviewActionPayload,
): Promise<ReviewActionReply | undefined> {
  const action = payload.actions.find((a) => isReviewAction(a.action_id));
  if (!action || !payload.response_url) return undefined;
  const responseUrl = payload.response_url;
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { slackUserId: payload.user.id, slackIntegration: { workspaceId: payload.team.id, isActive: true } },
    include: { slackIntegration: { select: { organizationId: true } } },
  });
  const membership =
    binding &&
    (await ctx.prisma.membership.findUnique({
      where: { organizationId_userId: { organizationId: binding.slackIntegration.organizationId, userId: binding.userId } },
    }));
  if (!binding || !membership)
    return {
      responseUrl,
      text: 'Your Slack account is not linked to BillOps, so this button cannot log time for you.',
      replaceOriginal: false,
    };
  const actor = { userId: binding.userId, organizationId: membership.organizationId, role: membership.role };

  let notice: string | undefined;
  const projects = new Map(
    (await ctx.prisma.project.findMany({ where: { organizationId: actor.organizationId }, select: { id: true, name: true } })).map((p) => [
      p.id,
      p.name,
    ]),
  );
  switch (action.action_id) {
    case REVIEW_ACTIONS.log:
      notice = noticeOf(await acceptMeetings(ctx, actor, { eventIds: ids(action.value) }), projects);
      break;
    case REVIEW_ACTIONS.project: {
      const [eventId, projectId] = (action.selected_option?.value ?? '').split('|');
      if (eventId && projectId && UUID.safeParse(eventId).success && UUID.safeParse(projectId).success) {
        try {
          notice = noticeOf(await acceptMeetings(ctx, actor, { eventIds: [eventId], projectId }), projects);
        } catch {
          notice = 'That project is no longer available; pick another one.';
        }
      }
      break;
    }
    case REVIEW_ACTIONS.dismiss: {
      const [outcome] = await dismissMeetings(ctx, actor, { eventIds: ids(action.value) });
      if (outcome?.status === 'refused')
        notice = outcome.reason === 'already_logged' ? 'That meeting was already logged; nothing changed.' : outcome.message;
      break;
    }
    case REVIEW_ACTIONS.logAll:
      notice = noticeOf(await acceptMeetings(ctx, actor, { eventIds: ids(action.value) }), projects);
      break;
    default:
      return undefined;
  }
  // The same meetings as the message showed (their ids are in the block ids), as they are now.
  const shown = (payload.message?.blocks ?? []).flatMap((b) =>
    b.block_id?.startsWith(ITEM_BLOCK_PREFIX) && !b.block_id.endsWith(':actions') ? [b.block_id.slice(ITEM_BLOCK_PREFIX.length)] : [],
  );
  const eventIds = [
    ...new Set(shown.length > 0 ? shown : [...ids(action.value), ...ids(action.selected_option?.value?.split('|')[0])]),
  ].filter((id) => UUID.safeParse(id).success);
  const { message } = await renderReviewNudge(ctx, actor, { eventIds, notice });
  return { responseUrl, text: message.text, blocks: message.blocks, replaceOriginal: true };
}
