import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertNotInvoiced, getTimeEntry } from './access.ts';

/** Deletes an entry the actor may edit; invoiced entries stay (409), checked again at the write. */
export async function deleteTimeEntry(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, entryId: string): Promise<void> {
  const entry = await getTimeEntry(ctx, actor, entryId);
  assertNotInvoiced(entry);
  const { count } = await ctx.prisma.timeEntry.deleteMany({ where: { id: entry.id, invoiceId: null } });
  if (count === 0) assertNotInvoiced({ invoiceId: 'claimed-concurrently' });
}
