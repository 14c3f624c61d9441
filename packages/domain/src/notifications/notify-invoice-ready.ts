import type { ServiceContext } from '../context.ts';
import { deliverOnce, recipientIn, type DeliveryOutcome } from './deliver.ts';
import { invoiceReadyMessage } from './messages.ts';

export type FanOutOutcome = { recipients: number; outcomes: Record<string, DeliveryOutcome> };

/**
 * "Invoice INV-001 ready: $1,500.00" to the people who bill: the invoice's creator and the
 * organization's owners and admins who are linked in Slack and opted in. Each recipient has its own
 * dedupe key, so a job retried after a partial fan-out only posts to those not reached yet.
 */
export async function notifyInvoiceReady(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  invoiceId: string,
): Promise<FanOutOutcome> {
  const invoice = await ctx.prisma.invoice.findUnique({ where: { id: invoiceId }, include: { client: { select: { name: true } } } });
  if (!invoice) return { recipients: 0, outcomes: {} };
  const billers = await ctx.prisma.membership.findMany({
    where: { organizationId: invoice.organizationId, role: { in: ['owner', 'admin'] } },
    select: { userId: true },
  });
  const userIds = [...new Set([...(invoice.createdById ? [invoice.createdById] : []), ...billers.map((m) => m.userId)])];
  const message = invoiceReadyMessage({
    number: invoice.number,
    totalCents: invoice.totalCents,
    currency: invoice.currency,
    clientName: invoice.client.name,
  });
  const outcomes: Record<string, DeliveryOutcome> = {};
  for (const userId of userIds) {
    const recipient = await recipientIn(ctx, invoice.organizationId, userId);
    if ('skipped' in recipient) outcomes[userId] = { status: 'skipped', reason: recipient.skipped };
    else if (!recipient.binding.notifyInvoiceReady) outcomes[userId] = { status: 'skipped', reason: 'user_opted_out' };
    else
      outcomes[userId] = await deliverOnce(ctx, {
        ...recipient,
        dedupeKey: `invoice_ready:${invoice.id}:${userId}`,
        userId,
        kind: 'invoice_ready',
        message,
      });
  }
  return { recipients: userIds.length, outcomes };
}
