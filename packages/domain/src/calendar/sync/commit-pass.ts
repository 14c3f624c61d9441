import { executeStatement, Prisma, queryRows, withTransaction, type PrismaClient } from '@billops/db';
import type { SkippedItem, SyncWindow } from '@billops/providers';
import { markDuplicateMeetings } from './stored-events.ts';
import { sweepUnseenEvents, writeEventBatch, type BatchWriteResult, type TimedEvent } from './write-batch.ts';

export type PassCommit = {
  calendarId: string;
  userId: string;
  syncId: string;
  /** Null on a full pass: only then are events the pass did not see swept. */
  cursor: string | null;
  window: SyncWindow;
  events: TimedEvent[];
  cancelledIds: string[];
  /** Whether the pass's earlier batches changed any row (then duplicates across calendars may have changed). */
  earlierBatchesWrote: boolean;
  /** Every item the pass skipped, in order: counted on the calendar, the first one's error kept. */
  skipped: SkippedItem[];
  nextCursor: string | null;
  now: Date;
};

/**
 * Ends a pass in one transaction: its last batch, the sweep of events a full pass did not see, the
 * cross-calendar duplicate marking, the skipped count and the new cursor, so the cursor never runs
 * ahead of its events. Returns what the last batch wrote and the calendar's sync_requests as of now.
 */
export async function commitPass(prisma: PrismaClient, pass: PassCommit): Promise<{ written: BatchWriteResult; syncRequests: number }> {
  const { calendarId, cursor, skipped, now } = pass;
  const nothingChanged =
    cursor !== null && pass.events.length === 0 && pass.cancelledIds.length === 0 && skipped.length === 0 && !pass.earlierBatchesWrote;
  // Most hourly passes: the provider listed nothing new. Only the cursor moves, in one statement.
  if (nothingChanged) return { written: { inserted: 0, updated: 0, cancelled: 0 }, syncRequests: await saveCursor(prisma, pass) };
  return withTransaction(prisma, async (tx) => {
    const written = await writeEventBatch(tx, {
      calendarId,
      userId: pass.userId,
      syncId: pass.syncId,
      fullPass: cursor === null,
      events: pass.events,
      cancelledIds: pass.cancelledIds,
      now,
    });
    if (cursor === null) written.cancelled += await sweepUnseenEvents(tx, { calendarId, syncId: pass.syncId, window: pass.window, now });
    if (pass.earlierBatchesWrote || written.inserted + written.updated + written.cancelled > 0)
      await markDuplicateMeetings(tx, { userId: pass.userId, now });
    if (skipped.length > 0) {
      const first = skipped[0]!;
      const firstError = `${first.id ?? '(no id)'}: ${first.error}`.slice(0, 500);
      await executeStatement(
        tx,
        Prisma.sql`
        UPDATE calendar_integrations
        SET skipped_events = skipped_events + ${skipped.length}, first_skip_error = COALESCE(first_skip_error, ${firstError})
        WHERE id = ${calendarId}::uuid`,
      );
    }
    const saved = await tx.calendarIntegration.update({
      where: { id: calendarId },
      select: { syncRequests: true },
      data: {
        syncCursor: pass.nextCursor,
        syncStatus: 'succeeded',
        lastSyncedAt: now,
        lastError: null,
        ...(cursor === null ? { lastFullSyncAt: now } : {}),
      },
    });
    return { written, syncRequests: saved.syncRequests };
  });
}

/** The cursor alone, for an incremental pass that brought nothing (the same columns the transaction sets). */
async function saveCursor(prisma: PrismaClient, pass: PassCommit): Promise<number> {
  const rows = await queryRows<{ syncRequests: number }>(
    prisma,
    Prisma.sql`UPDATE calendar_integrations
               SET sync_cursor = ${pass.nextCursor}, sync_status = 'succeeded', last_synced_at = ${pass.now}::timestamptz,
                   last_error = NULL, updated_at = ${pass.now}::timestamptz
               WHERE id = ${pass.calendarId}::uuid
               RETURNING sync_requests AS "syncRequests"`,
  );
  if (!rows[0]) throw new Error(`calendar ${pass.calendarId} disappeared during its sync`);
  return rows[0].syncRequests;
}
