import { AppError } from '@billops/core';
import type { TimeEntry } from '@billops/db';
import { isAdmin, type Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

/**
 * Loads an entry the actor may see: another organization's entry is 404 (its existence is not
 * revealed); a colleague's entry is 403 for members (admins and owners see the whole organization).
 */
export async function getTimeEntry(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, entryId: string): Promise<TimeEntry> {
  const entry = await ctx.prisma.timeEntry.findFirst({ where: { id: entryId, organizationId: actor.organizationId } });
  if (!entry) throw AppError.notFound('Time entry');
  if (entry.userId !== actor.userId && !isAdmin(actor)) {
    throw new AppError('forbidden', 'Members can only access their own time entries', { reason: 'not_owner' });
  }
  return entry;
}

/** Billed entries are history: changing or deleting them would silently change an invoice. */
export function assertNotInvoiced(entry: Pick<TimeEntry, 'invoiceId'>): void {
  if (entry.invoiceId) throw invoicedConflict();
}

export const invoicedConflict = (): AppError =>
  new AppError('conflict', 'This time entry is on an invoice and can no longer change', { reason: 'invoiced' });
