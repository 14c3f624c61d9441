import { AppError } from '@billops/core';
import { Prisma, queryRows, type TimeEntry, type TimeEntrySource } from '@billops/db';
import { isAdmin, type Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { TIME_ENTRY_COLUMNS } from './create-time-entry.ts';
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
    throw new AppError('forbidden', 'Members can only list their own time entries', { reason: 'not_owner' });
  }
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const userId = isAdmin(actor) ? filters.userId : actor.userId;
  const conditions = [
    Prisma.sql`organization_id = ${actor.organizationId}::uuid`,
    ...(userId ? [Prisma.sql`user_id = ${userId}::uuid`] : []),
    ...(filters.from ? [Prisma.sql`started_at >= ${filters.from}::timestamptz`] : []),
    ...(filters.to ? [Prisma.sql`started_at < ${filters.to}::timestamptz`] : []),
    ...(filters.projectId ? [Prisma.sql`project_id = ${filters.projectId}::uuid`] : []),
    ...(filters.clientId ? [Prisma.sql`client_id = ${filters.clientId}::uuid`] : []),
    ...(filters.source ? [Prisma.sql`source = ${filters.source}::"TimeEntrySource"`] : []),
    ...(filters.billable !== undefined ? [Prisma.sql`billable = ${filters.billable}`] : []),
    ...(filters.invoiced !== undefined ? [filters.invoiced ? Prisma.sql`invoice_id IS NOT NULL` : Prisma.sql`invoice_id IS NULL`] : []),
    ...(after ? [Prisma.sql`(started_at, id) < (${after.at}::timestamptz, ${after.id}::uuid)`] : []),
  ];
  // The busiest read of the product: plain SQL skips the ORM's per-call query compilation (about a
  // sixth of the request's CPU in a profile) and the row tuple comparison walks the index directly.
  const entries = await queryRows<TimeEntry>(
    ctx.prisma,
    Prisma.sql`
    SELECT ${TIME_ENTRY_COLUMNS}
    FROM time_entries
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY started_at DESC, id DESC
    LIMIT ${limit + 1}`,
  );
  const hasMore = entries.length > limit;
  const pageEntries = hasMore ? entries.slice(0, limit) : entries;
  const last = pageEntries.at(-1);
  return { entries: pageEntries, nextCursor: hasMore && last ? encodeCursor({ at: last.startedAt, id: last.id }) : null };
}
