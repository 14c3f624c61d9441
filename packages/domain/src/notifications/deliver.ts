import { isUniqueViolation, withAdvisoryLock, type SlackIntegration, type SlackUserBinding } from '@billops/db';
import type { SlackMessage } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { slackApiFor } from '../slack/workspace.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>;

export type DeliveryOutcome = { status: 'sent' } | { status: 'already_sent' } | { status: 'skipped'; reason: string };

/**
 * Posts a DM at most once per `dedupeKey`:
 * 1. insert the notification_deliveries row (sent_at null), or find the existing one;
 * 2. if its sent_at is set, a previous attempt already posted: stop;
 * 3. under an advisory lock on the key, re-check sent_at, post (a ProviderError propagates and
 *    sent_at stays null, so the retried job posts again), and set sent_at.
 * Known window: if the process dies between a successful post (3) and marking it sent (4), the
 * retry posts a second time. Slack offers no idempotency key for chat.postMessage, so this narrow
 * at-least-once gap is the best available; everything else is exactly once.
 */
export async function deliverOnce(
  ctx: Ctx,
  input: { dedupeKey: string; userId: string; kind: string; workspace: SlackIntegration; binding: SlackUserBinding; message: SlackMessage },
): Promise<DeliveryOutcome> {
  let delivery;
  try {
    delivery = await ctx.prisma.notificationDelivery.create({ data: { dedupeKey: input.dedupeKey, userId: input.userId, kind: input.kind } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    delivery = await ctx.prisma.notificationDelivery.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey } });
  }
  if (delivery.sentAt) return { status: 'already_sent' };
  const deliveryId = delivery.id;
  // Two jobs for the same key at once (a duplicate enqueue, a stalled job picked up again) take
  // turns on a lock; the second then sees sent_at and stops. Held across the post on purpose.
  return withAdvisoryLock(ctx.prisma, `notification:${input.dedupeKey}`, async (tx) => {
    const current = await tx.notificationDelivery.findUniqueOrThrow({ where: { id: deliveryId } });
    if (current.sentAt) return { status: 'already_sent' } as const;
    await slackApiFor(ctx, input.workspace).postMessage(input.binding.slackUserId, input.message);
    await tx.notificationDelivery.update({ where: { id: deliveryId }, data: { sentAt: ctx.now() } });
    return { status: 'sent' } as const;
  });
}

export type Recipient = { workspace: SlackIntegration; binding: SlackUserBinding };

/** The user's binding in the organization's connected workspace, or why there is none. */
export async function recipientIn(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string, userId: string): Promise<Recipient | { skipped: string }> {
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { userId, slackIntegration: { organizationId, isActive: true } },
    include: { slackIntegration: true },
    orderBy: { createdAt: 'asc' },
  });
  if (!binding) return { skipped: 'not_linked' };
  if (!binding.slackIntegration.notificationsEnabled) return { skipped: 'workspace_notifications_disabled' };
  const { slackIntegration: workspace, ...rest } = binding;
  return { workspace, binding: rest };
}
