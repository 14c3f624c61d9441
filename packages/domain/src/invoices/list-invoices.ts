import type { Invoice, InvoiceStatus, Prisma } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { decodeCursor, encodeCursor } from '../time-entries/cursor.ts';

export type InvoicePage = { invoices: Invoice[]; nextCursor: string | null };

/** The organization's invoices, newest first, keyset-paginated on (created_at desc, id desc). */
export async function listInvoices(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  filters: { status?: InvoiceStatus; clientId?: string },
  page: { cursor?: string; limit: number },
): Promise<InvoicePage> {
  assertAdmin(actor, 'view invoices');
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const where: Prisma.InvoiceWhereInput = {
    organizationId: actor.organizationId,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
  };
  const invoices = await ctx.prisma.invoice.findMany({
    where: after ? { AND: [where, { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }] } : where,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: page.limit + 1,
  });
  const hasMore = invoices.length > page.limit;
  const pageItems = hasMore ? invoices.slice(0, page.limit) : invoices;
  const last = pageItems.at(-1);
  return { invoices: pageItems, nextCursor: hasMore && last ? encodeCursor({ at: last.createdAt, id: last.id }) : null };
}
