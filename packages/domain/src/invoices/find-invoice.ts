import { AppError } from '@billops/core';
import type { Invoice, InvoiceLine } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';

export type InvoiceWithLines = Invoice & { lines: InvoiceLine[] };

/** Lines in the order the work happened. */
export const LINES_IN_ORDER = { orderBy: [{ timeEntry: { startedAt: 'asc' as const } }, { id: 'asc' as const }] };

/** An invoice of the actor's organization with its lines (admins and owners; another organization's id is 404). */
export async function getInvoice(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, invoiceId: string): Promise<InvoiceWithLines> {
  assertAdmin(actor, 'view invoices');
  const invoice = await ctx.prisma.invoice.findFirst({
    where: { id: invoiceId, organizationId: actor.organizationId },
    include: { lines: LINES_IN_ORDER },
  });
  if (!invoice) throw AppError.notFound('Invoice');
  return invoice;
}
