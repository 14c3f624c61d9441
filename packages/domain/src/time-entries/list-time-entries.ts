import { AppError } from '@billops/core';
import type { Prisma, TimeEntry, TimeEntrySource } from '@billops/db';
import { isAdmin, type Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

export type TimeEntryFilters = {
  /** Inclusive lower bound on started_at. */
  from?: Date;
  /** Exclusive upper bound on started_at. */
  to?: Date;
  projectId?: string;
  clientId?: string;
  source?: TimeEntrySource;
  billable?: boolean;
  invoiced?: boolean;
  /** Admins and owners only (members always see just their own entries). */
  userId?: string;
};

export type TimeEntryPage = { entries: TimeEntry[]; nextCursor: string | null };

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Keyset pagination ordered by (started_at desc, id desc): stable under concurrent inserts, no
 * duplicates or gaps between pages, and served by the (organization, started_at, id) index.
 */
export async function listTimeEntries(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  filters: TimeEntryFilters,
  page: { cursor?: string; limit?: number } = {},
): Promise<TimeEntryPage> {
  if (filters.userId && filters.userId !== actor.userId && !isAdmin(actor)) {
    throw new AppError('forbidden', "Members can only list their own time entries", { reason: 'not_owner' });
  }
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const where: Prisma.TimeEntryWhereInput = {
    organizationId: actor.organizationId,
    ...(isAdmin(actor) ? (filters.userId ? { userId: filters.userId } : {}) : { userId: actor.userId }),
    ...(filters.from || filters.to ? { startedAt: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
    ...(filters.projectId ? { projectId: filters.projectId } : {}),
    ...(filters.clientId ? { clientId: filters.clientId } : {}),
    ...(filters.source ? { source: filters.source } : {}),
    ...(filters.billable !== undefined ? { billable: filters.billable } : {}),
    ...(filters.invoiced !== undefined ? { invoiceId: filters.invoiced ? { not: null } : null } : {}),
  };
  const entries = await ctx.prisma.timeEntry.findMany({
    where: after
      ? { AND: [where, { OR: [{ startedAt: { lt: after.at } }, { startedAt: after.at, id: { lt: after.id } }] }] }
      : where,
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  });
  const hasMore = entries.length > limit;
  const pageEntries = hasMore ? entries.slice(0, limit) : entries;
  const last = pageEntries.at(-1);
  return { entries: pageEntries, nextCursor: hasMore && last ? encodeCursor({ at: last.startedAt, id: last.id }) : null };
}
