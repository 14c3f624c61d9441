import { AppError } from '@billops/core';
import { withTransaction, type Invoice, type InvoiceStatus, type PrismaClient } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { invoiceReadyJobId } from '../jobs/notify-invoice-ready/definition.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { recordJob } from '../outbox/record-job.ts';

type TransitionContext = Pick<ServiceContext, 'prisma' | 'now'>;

/** The only moves an invoice makes: forward, one step at a time. */
const NEXT: Record<Exclude<InvoiceStatus, 'paid'>, { to: InvoiceStatus; stamp: 'readyAt' | 'sentAt' | 'paidAt' }> = {
  draft: { to: 'ready', stamp: 'readyAt' },
  ready: { to: 'sent', stamp: 'sentAt' },
  sent: { to: 'paid', stamp: 'paidAt' },
};

/** Moves an invoice from `from` to its next status, atomically (a racing transition gets 409). */
export async function transitionInvoice(
  ctx: TransitionContext,
  actor: Actor,
  invoiceId: string,
  from: Exclude<InvoiceStatus, 'paid'>,
): Promise<Invoice> {
  assertAdmin(actor, 'change invoices');
  const { to, stamp } = NEXT[from];
  const [updated] = await ctx.prisma.invoice.updateManyAndReturn({
    where: { id: invoiceId, organizationId: actor.organizationId, status: from },
    data: { status: to, [stamp]: ctx.now() },
  });
  if (updated) return updated;
  const current = await ctx.prisma.invoice.findFirst({
    where: { id: invoiceId, organizationId: actor.organizationId },
    select: { status: true },
  });
  if (!current) throw AppError.notFound('Invoice');
  throw new AppError('conflict', `Cannot mark a ${current.status} invoice as ${to} (only ${from} → ${to})`, {
    reason: 'invalid_transition',
  });
}

/**
 * draft → ready, and the "invoice ready" notification recorded in the job outbox in the same
 * transaction: "ready" always means "announcement on its way", whatever Redis is doing.
 */
export async function markInvoiceReady(ctx: TransitionContext, actor: Actor, invoiceId: string): Promise<Invoice> {
  return withTransaction(ctx.prisma, async (tx) => {
    const invoice = await transitionInvoice({ ...ctx, prisma: tx as unknown as PrismaClient }, actor, invoiceId, 'draft');
    await recordJob(tx, 'notifyInvoiceReady', { invoiceId: invoice.id }, { jobId: invoiceReadyJobId(invoice.id) });
    return invoice;
  });
}

export const markInvoiceSent = (ctx: TransitionContext, actor: Actor, invoiceId: string) =>
  transitionInvoice(ctx, actor, invoiceId, 'ready');
export const markInvoicePaid = (ctx: TransitionContext, actor: Actor, invoiceId: string) =>
  transitionInvoice(ctx, actor, invoiceId, 'sent');
