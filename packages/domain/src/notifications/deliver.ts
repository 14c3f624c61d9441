import { executeStatement, Prisma, queryRows, withAdvisoryLock, type SlackUserBinding } from '@billops/db';
import type { SlackMessage } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { slackApiFor, type SlackWorkspaceToken } from '../slack/workspace.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>;

export type DeliveryOutcome = { status: 'sent' } | { status: 'already_sent' } | { status: 'skipped'; reason: string };

/**
 * Posts a DM at most once per `dedupeKey`:
 * 1. insert the notification_deliveries row (sent_at null), or find the existing one;
 * 2. if its sent_at is set, a previous attempt already posted: stop;
 * 3. under an advisory lock on the key, re-check sent_at and post (a ProviderError propagates and
 *    sent_at stays null, so the retried job posts again);
 * 4. set sent_at, still under the lock.
 * Known window: if the process dies between a successful post (3) and marking it sent (4), the
 * retry posts a second time. Slack offers no idempotency key for chat.postMessage, so this narrow
 * at-least-once gap is the best available; everything else is exactly once.
 */
export async function deliverOnce(
  ctx: Ctx,
  input: {
    dedupeKey: string;
    userId: string;
    kind: string;
    workspace: SlackWorkspaceToken;
    binding: Pick<SlackUserBinding, 'slackUserId'>;
    message: SlackMessage;
  },
): Promise<DeliveryOutcome> {
  // Plain SQL: this runs for every time entry logged, and each ORM call costs a query compilation.
  const [created] = await queryRows<{ id: string; sentAt: Date | null }>(
    ctx.prisma,
    Prisma.sql`
    INSERT INTO notification_deliveries (id, dedupe_key, user_id, kind, created_at, updated_at)
    VALUES (gen_random_uuid(), ${input.dedupeKey}, ${input.userId}::uuid, ${input.kind}, now(), now())
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id, sent_at AS "sentAt"`,
  );
  const delivery =
    created ??
    (await ctx.prisma.notificationDelivery.findUniqueOrThrow({
      where: { dedupeKey: input.dedupeKey },
      select: { id: true, sentAt: true },
    }));
  if (delivery.sentAt) return { status: 'already_sent' };
  // Two jobs for the same key at once (a duplicate enqueue, a stalled job picked up again) take
  // turns on a lock; the second then sees sent_at and stops. Held across the post on purpose.
  return withAdvisoryLock(ctx.prisma, `notification:${input.dedupeKey}`, async (tx) => {
    const [current] = await queryRows<{ sent: boolean }>(
      tx,
      Prisma.sql`SELECT sent_at IS NOT NULL AS sent FROM notification_deliveries WHERE id = ${delivery.id}::uuid`,
    );
    // Removed meanwhile (a clean-up of old deliveries): it can no longer be marked, so do not post.
    if (!current) return { status: 'skipped', reason: 'delivery_removed' } as const;
    if (current.sent) return { status: 'already_sent' } as const;
    await slackApiFor(ctx, input.workspace).postMessage(input.binding.slackUserId, input.message);
    await executeStatement(
      tx,
      Prisma.sql`UPDATE notification_deliveries SET sent_at = ${ctx.now()}, updated_at = now() WHERE id = ${delivery.id}::uuid`,
    );
    return { status: 'sent' } as const;
  });
}

export type Recipient = {
  workspace: SlackWorkspaceToken;
  binding: Pick<SlackUserBinding, 'slackUserId' | 'notifyTimeEntryCreated' | 'notifyInvoiceReady' | 'notifyDailySummary'>;
};

type LinkedRecipient = Recipient['binding'] & { workspaceId: string; botTokenEncrypted: string; notificationsEnabled: boolean };

/** A row's recipient columns, as `recipientJoin` adds them: all null when the user is not linked. */
export type RecipientColumns = { [K in keyof LinkedRecipient]: LinkedRecipient[K] | null };

/**
 * Joins the user's binding in the organization's connected workspace (the first linked; only while
 * the user is a member, which takes their consent) as the
 * RecipientColumns, so a notification reads its subject and its recipient in one round trip.
 */
export const recipientJoin = (organizationId: Prisma.Sql, userId: Prisma.Sql) => Prisma.sql`
  LEFT JOIN LATERAL (
    SELECT w.id AS "workspaceId", w.bot_token_encrypted AS "botTokenEncrypted", w.notifications_enabled AS "notificationsEnabled",
           b.slack_user_id AS "slackUserId", b.notify_time_entry_created AS "notifyTimeEntryCreated",
           b.notify_invoice_ready AS "notifyInvoiceReady", b.notify_daily_summary AS "notifyDailySummary"
    FROM slack_user_bindings b JOIN slack_integrations w ON w.id = b.slack_integration_id
    WHERE b.user_id = ${userId} AND w.organization_id = ${organizationId} AND w.is_active
      AND EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = w.organization_id AND m.user_id = b.user_id)
    ORDER BY b.created_at ASC
    LIMIT 1) recipient ON true`;

/** The recipient in RecipientColumns, or why there is none. */
export function recipientOf(row: RecipientColumns): Recipient | { skipped: string } {
  if (row.workspaceId === null) return { skipped: 'not_linked' };
  // A joined binding has every column (all NOT NULL).
  const linked = row as LinkedRecipient;
  if (!linked.notificationsEnabled) return { skipped: 'workspace_notifications_disabled' };
  return {
    workspace: { id: linked.workspaceId, botTokenEncrypted: linked.botTokenEncrypted },
    binding: {
      slackUserId: linked.slackUserId,
      notifyTimeEntryCreated: linked.notifyTimeEntryCreated,
      notifyInvoiceReady: linked.notifyInvoiceReady,
      notifyDailySummary: linked.notifyDailySummary,
    },
  };
}

/** The user's binding in the organization's connected workspace, or why there is none. */
export async function recipientIn(
  ctx: Pick<ServiceContext, 'prisma'>,
  organizationId: string,
  userId: string,
): Promise<Recipient | { skipped: string }> {
  const [row] = await queryRows<RecipientColumns>(
    ctx.prisma,
    Prisma.sql`SELECT recipient.* FROM (SELECT 1) AS one
               ${recipientJoin(Prisma.sql`${organizationId}::uuid`, Prisma.sql`${userId}::uuid`)}`,
  );
  return recipientOf(row!);
}
