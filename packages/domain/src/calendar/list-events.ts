import { AppError, instantString } from '@billops/core';
import type { Prisma, SyncedCalendarEvent } from '@billops/db';
import { z } from 'zod';
import type { ServiceContext } from '../context.ts';

export type ListEventsFilter = {
  userId: string;
  calendarId?: string;
  from?: Date;
  to?: Date;
  converted?: boolean;
  /** Default: only live events. */
  cancelled?: boolean;
  /** Default: only offered events (meetings the user may bill); true adds hidden ones with their reason. */
  includeHidden?: boolean;
  limit: number;
  cursor?: string;
};

const cursorSchema = z.object({ s: instantString, i: z.uuid() });
const encodeCursor = (event: SyncedCalendarEvent) =>
  Buffer.from(JSON.stringify({ s: event.eventStart.toISOString(), i: event.id })).toString('base64url');
function decodeCursor(cursor: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor', { details: [{ path: 'cursor', message: 'not a cursor this API issued' }] });
  }
}

/** The user's synced events by start time (then id), keyset-paginated so pages stay stable while syncs write. */
export async function listCalendarEvents(
  ctx: Pick<ServiceContext, 'prisma'>,
  filter: ListEventsFilter,
): Promise<{ events: SyncedCalendarEvent[]; nextCursor: string | null }> {
  const where: Prisma.SyncedCalendarEventWhereInput = {
    userId: filter.userId,
    isAllDay: false,
    isCancelled: filter.cancelled ?? false,
    ...(filter.includeHidden || filter.cancelled ? {} : { hiddenReason: null }),
    ...(filter.calendarId ? { calendarId: filter.calendarId } : {}),
    ...(filter.converted === undefined ? {} : filter.converted ? { timeEntryId: { not: null } } : { timeEntryId: null }),
    ...(filter.from || filter.to
      ? { eventStart: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
  if (filter.cursor) {
    const after = decodeCursor(filter.cursor);
    const start = new Date(after.s);
    where.OR = [{ eventStart: { gt: start } }, { eventStart: start, id: { gt: after.i } }];
  }
  const rows = await ctx.prisma.syncedCalendarEvent.findMany({
    where,
    orderBy: [{ eventStart: 'asc' }, { id: 'asc' }],
    take: filter.limit + 1,
  });
  const events = rows.slice(0, filter.limit);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null };
}
