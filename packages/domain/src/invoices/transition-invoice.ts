import { AppError } from '@billops/core';
import type { Invoice, InvoiceStatus } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';

type TransitionContext = Pick<ServiceContext, 'prisma' | 'now'>;

/** The only moves an invoice makes: forward, one step at a time. */
const NEXT: Record<Exclude<InvoiceStatus, 'paid'>, { to: InvoiceStatus; stamp: 'readyAt' | 'sentAt' | 'paidAt' }> = {
  draft: { to: 'ready', stamp: 'readyAt' },
  ready: { to: 'sent', stamp: 'sentAt' },
  sent: { to: 'paid', stamp: 'paidAt' },
};

/** Moves an invoice from `from` to its next status, atomically (a racing transition gets 409). */
export async function transitionInvoice(ctx: TransitionContext, actor: Actor, invoiceId: string, from: Exclude<InvoiceStatus, 'paid'>): Promise<Invoice> {
  assertAdmin(actor, 'change invoices');
  const { to, stamp } = NEXT[from];
  const [updated] = await ctx.prisma.invoice.updateManyAndReturn({
    where: { id: invoiceId, organizationId: actor.organizationId, status: from },
    data: { status: to, [stamp]: ctx.now() },
  });
  if (updated) return updated;
  const current = await ctx.prisma.invoice.findFirst({ where: { id: invoiceId, organizationId: actor.organizationId }, select: { status: true } });
  if (!current) throw AppError.notFound('Invoice');
  throw new AppError('conflict', `Cannot mark a ${current.status} invoice as ${to} (only ${from} → ${to})`, { reason: 'invalid_transition' });
}

/** The notification job's id: one "invoice ready" message per invoice, however often it is enqueued. */
export const invoiceReadyJobId = (invoiceId: string): string => `invoice-ready-${invoiceId}`;

/**
 * draft → ready, then enqueues the "invoice ready" notification. The job is added after the status
 * is committed (a worker never sees a draft); if Redis refuses it, the status goes back to draft
 * and the caller gets 503, so "ready" always means "notification queued".
 */
export async function markInvoiceReady(ctx: TransitionContext & Pick<ServiceContext, 'queues'>, actor: Actor, invoiceId: string): Promise<Invoice> {
  const invoice = await transitionInvoice(ctx, actor, invoiceId, 'draft');
  try {
    await ctx.queues.enqueue('notifyInvoiceReady', { invoiceId: invoice.id }, { jobId: invoiceReadyJobId(invoice.id) });
  } catch (error) {
    await ctx.prisma.invoice.updateMany({ where: { id: invoice.id, status: 'ready' }, data: { status: 'draft', readyAt: null } });
    throw new AppError('unavailable', 'Could not queue the invoice notification; the invoice is still a draft, try again', { cause: error });
  }
  return invoice;
}

export const markInvoiceSent = (ctx: TransitionContext, actor: Actor, invoiceId: string) => transitionInvoice(ctx, actor, invoiceId, 'ready');
export const markInvoicePaid = (ctx: TransitionContext, actor: Actor, invoiceId: string) => transitionInvoice(ctx, actor, invoiceId, 'sent');
