import { AppError } from '@billops/core';
import { Prisma, queryRows, withTransaction, type PrismaClient, type TimeEntry, type Tx } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';

export type ConvertOptions = {
  projectId?: string | null;
  clientId?: string | null;
  description?: string;
  billable?: boolean;
  /** Convert events the classification hides (declined, out of office, ...) anyway. @defaultValue false */
  force?: boolean;
  /** Made by an auto-convert rule (the entry's `auto` flag). */
  auto?: boolean;
};
export type ConvertedEvent = { eventId: string; entry: TimeEntry; created: boolean };

type LockedEvent = {
  id: string;
  user_id: string;
  time_entry_id: string | null;
  event_title: string;
  event_start: Date;
  event_end: Date;
  is_all_day: boolean;
  is_cancelled: boolean;
  hidden_reason: string | null;
};

/** Event ids are locked in a stable order, so two bulk conversions sharing events cannot deadlock. */
async function lockEvents(tx: Tx, userId: string, eventIds: string[]): Promise<Map<string, LockedEvent>> {
  const rows = await queryRows<LockedEvent>(
    tx,
    Prisma.sql`
    SELECT id, user_id, time_entry_id, event_title, event_start, event_end, is_all_day, is_cancelled, hidden_reason
    FROM synced_calendar_events
    WHERE id IN (${Prisma.join(eventIds.map((id) => Prisma.sql`${id}::uuid`))}) AND user_id = ${userId}::uuid
    ORDER BY id
    FOR UPDATE`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Why an event cannot become a time entry (checked for every event before any entry is created). */
function refusal(event: LockedEvent): AppError | undefined {
  if (event.is_all_day)
    return new AppError('conflict', 'All-day events cannot be converted to time entries', {
      reason: 'all_day_event',
      details: [{ path: 'event_id', message: event.id }],
    });
  if (event.is_cancelled && !event.time_entry_id) {
    return new AppError('conflict', 'Cancelled events cannot be converted to time entries', {
      reason: 'event_cancelled',
      details: [{ path: 'event_id', message: event.id }],
    });
  }
  return undefined;
}

/** Events the classification hides are not offered as meetings: converting one needs `force`, and each says why. */
function hiddenRefusal(hidden: LockedEvent[]): AppError {
  const message =
    hidden.length === 1
      ? `This event is not offered as a meeting (${hidden[0]!.hidden_reason}); convert it with force: true if it is billable`
      : `${hidden.length} events are not offered as meetings; convert them with force: true if they are billable`;
  return new AppError('conflict', message, {
    reason: 'event_hidden',
    details: hidden.map((event) => ({
      path: 'event_ids',
      event_id: event.id,
      hidden_reason: event.hidden_reason,
      message: `${event.id}: hidden (${event.hidden_reason})`,
    })),
  });
}

async function convertLocked(tx: Tx, actor: Actor, event: LockedEvent, options: ConvertOptions): Promise<ConvertedEvent> {
  if (event.time_entry_id) {
    const existing = await tx.timeEntry.findUnique({ where: { id: event.time_entry_id } });
    if (existing) return { eventId: event.id, entry: existing, created: false };
  }
  // createTimeEntry is the one way entries are made; inside this transaction it sees the same locked
  // state, and its notification (in the job outbox) commits or rolls back with the whole batch.
  const { entry, created } = await createTimeEntry(
    { prisma: tx as unknown as PrismaClient },
    {
      organizationId: actor.organizationId,
      userId: actor.userId,
      projectId: options.projectId ?? null,
      clientId: options.clientId ?? null,
      description: options.description ?? event.event_title,
      startedAt: event.event_start,
      endedAt: event.event_end,
      billable: options.billable ?? true,
      source: 'calendar',
      sourceRef: `calendar:${event.id}`,
      auto: options.auto ?? false,
    },
  );
  await tx.syncedCalendarEvent.update({ where: { id: event.id }, data: { timeEntryId: entry.id, isSynced: true, needsReview: false } });
  return { eventId: event.id, entry, created };
}

/**
 * Turns synced events into time entries (duration = event length), all or nothing. Converting an
 * event again returns its existing entry; all-day and cancelled events are refused with 409, and so
 * are events the classification hides (declined, out of office, ...) unless `force` is set.
 */
export async function convertEvents(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  eventIds: string[],
  options: ConvertOptions = {},
): Promise<ConvertedEvent[]> {
  const unique = [...new Set(eventIds)];
  if (unique.length === 0) return [];
  return withTransaction(ctx.prisma, async (tx) => {
    const events = await lockEvents(tx, actor.userId, unique);
    const missing = unique.filter((id) => !events.has(id));
    if (missing.length > 0)
      throw new AppError('not_found', missing.length === 1 ? 'Calendar event not found' : `${missing.length} calendar events not found`, {
        reason: 'event_not_found',
        details: missing.map((id) => ({ path: 'event_ids', message: id })),
      });
    // Refuse before creating anything: nothing is written for a refused batch.
    for (const id of unique) {
      const refused = refusal(events.get(id)!);
      if (refused) throw refused;
    }
    if (!options.force) {
      const hidden = unique.map((id) => events.get(id)!).filter((event) => event.hidden_reason !== null && !event.time_entry_id);
      if (hidden.length > 0) throw hiddenRefusal(hidden);
    }
    const results: ConvertedEvent[] = [];
    for (const id of unique) results.push(await convertLocked(tx, actor, events.get(id)!, options));
    return results;
  });
}
