import { AppError } from '@billops/core';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';

/**
 * Deletes a draft. Its lines go with it (cascade) and its entries become unbilled again
 * (time_entries.invoice_id is ON DELETE SET NULL), all in the one DELETE statement.
 */
export async function deleteDraftInvoice(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, invoiceId: string): Promise<void> {
  assertAdmin(actor, 'delete invoices');
  const { count } = await ctx.prisma.invoice.deleteMany({
    where: { id: invoiceId, organizationId: actor.organizationId, status: 'draft' },
  });
  if (count === 1) return;
  const current = await ctx.prisma.invoice.findFirst({
    where: { id: invoiceId, organizationId: actor.organizationId },
    select: { status: true },
  });
  if (!current) throw AppError.notFound('Invoice');
  throw new AppError('conflict', `Only drafts can be deleted; this invoice is ${current.status}`, { reason: 'not_draft' });
}
