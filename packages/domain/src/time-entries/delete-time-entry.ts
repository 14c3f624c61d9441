import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertNotInvoiced, getTimeEntry, invoicedConflict } from './access.ts';

/** Deletes an entry the actor may edit; invoiced entries stay (409), checked again at the write. */
export async function deleteTimeEntry(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, entryId: string): Promise<void> {
  const entry = await getTimeEntry(ctx, actor, entryId);
  assertNotInvoiced(entry);
  const { count } = await ctx.prisma.timeEntry.deleteMany({ where: { id: entry.id, invoiceId: null } });
  // No row: an invoice claimed the entry between our read and this delete.
  if (count === 0) throw invoicedConflict();
}
