import { randomUUID } from 'node:crypto';
import { AppError } from '@billops/core';
import {
  isProviderError,
  withRetry,
  type CalendarProviderName,
  type RetryOptions,
  type SkippedItem,
  type SyncWindow,
} from '@billops/providers';
import type { ServiceContext } from '../../context.ts';
import { reauthRequired } from '../../provider-errors.ts';
import { SyncInProgressError } from '../errors.ts';
import { calendarProvider } from '../provider-of.ts';
import { withAccessToken } from '../token-refresher.ts';
import { commitPass } from './commit-pass.ts';
import type { EventSources } from './complete-events.ts';
import { fetchEventBatches } from './fetch-event-batches.ts';
import { prepareBatch } from './prepare-batch.ts';
import { loadStoredEvents } from './stored-events.ts';
import { writeEventBatch, type BatchWriteResult } from './write-batch.ts';

const DAY_MS = 24 * 3600 * 1000;

export type SyncOptions = {
  /** `full` re-reads the whole window; `incremental` uses the stored cursor (falling back to full without one). */
  mode?: 'incremental' | 'full';
  /** @defaultValue 7 */
  windowPastDays?: number;
  /** @defaultValue 30 */
  windowFutureDays?: number;
  /** A full pass runs at least this often, so events that slide into the window unchanged still arrive. @defaultValue 1 day */
  fullPassEveryMs?: number;
  /** A `running` claim older than this belongs to a dead worker and may be taken over. @defaultValue 15 minutes */
  staleAfterMs?: number;
  /**
   * Identifies this run's owner (the queue job id). A run with the same claim id takes over a
   * `running` claim at once: it is the same job re-delivered after its worker died mid-sync.
   */
  claimId?: string;
  /** Backoff for rate limits and transient provider errors within one run. */
  retry?: RetryOptions;
};

export type SyncCounts = { eventsSynced: number; newEvents: number; updatedEvents: number; deletedEvents: number };
export type SyncResult = SyncCounts & {
  calendarId: string;
  fullPass: boolean;
  /** The calendar's sync_requests count this run covered: a "sync now" counted later needs another run. */
  requestsCovered: number;
};

type SyncContext = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;
type ClaimedCalendar = {
  id: string;
  user_id: string;
  oauth_account_id: string;
  provider: CalendarProviderName;
  provider_calendar_id: string;
  sync_cursor: string | null;
  last_full_sync_at: Date | null;
  sync_requests: number;
  account_email: string | null;
  offer_focus_time: boolean;
  offer_free_events: boolean;
};

/** Follow-up passes one run makes for "sync now" requests that arrived while it worked. */
const MAX_FOLLOW_UP_PASSES = 3;

/** Takes the calendar for this run (compare-and-set on sync_status), so two syncs of one calendar never overlap. */
async function claimCalendar(ctx: SyncContext, calendarId: string, staleAfterMs: number, claimId: string): Promise<ClaimedCalendar> {
  const now = ctx.now();
  const rows = await ctx.prisma.$queryRaw<ClaimedCalendar[]>`
    UPDATE calendar_integrations SET sync_status = 'running', sync_started_at = ${now}, sync_claim_id = ${claimId}, updated_at = ${now}
    WHERE id = ${calendarId}::uuid AND is_active AND sync_status <> 'paused'
      AND (sync_status <> 'running' OR sync_claim_id = ${claimId} OR sync_started_at IS NULL
           OR sync_started_at < ${new Date(now.getTime() - staleAfterMs)})
    RETURNING id, user_id, oauth_account_id, provider::text AS provider, provider_calendar_id, sync_cursor, last_full_sync_at, sync_requests,
      (SELECT a.provider_email FROM user_oauth_accounts a WHERE a.id = calendar_integrations.oauth_account_id) AS account_email,
      (SELECT u.offer_focus_time FROM users u WHERE u.id = calendar_integrations.user_id) AS offer_focus_time,
      (SELECT u.offer_free_events FROM users u WHERE u.id = calendar_integrations.user_id) AS offer_free_events`;
  if (rows[0]) return rows[0];
  const calendar = await ctx.prisma.calendarIntegration.findUnique({ where: { id: calendarId } });
  if (!calendar || !calendar.isActive) throw new AppError('not_found', 'Calendar not found', { reason: 'calendar_not_found' });
  if (calendar.syncStatus === 'paused') throw reauthRequired(calendar.provider);
  throw new SyncInProgressError(calendarId);
}

/**
 * Syncs one calendar's window of timed events from its provider (any CalendarProvider).
 * Incremental with the stored cursor when it has one, full otherwise. A pass follows every page and
 * gathers pages into batches (fetchEventBatches), each written in one statement (writeEventBatch);
 * the last batch commits with the new cursor in one transaction (commitPass). An expired cursor
 * (410) resets to a full pass; only a complete full pass marks unseen events deleted.
 * A "sync now" joins a run already under way (the queue keeps one per calendar), so when one
 * arrives mid-run (sync_requests moved) the run follows up with an incremental pass: the answer
 * the user waits for includes what changed before they asked.
 */
export async function syncCalendar(ctx: SyncContext, calendarId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const { windowPastDays = 7, windowFutureDays = 30, fullPassEveryMs = DAY_MS, staleAfterMs = 15 * 60 * 1000 } = options;
  const calendar = await claimCalendar(ctx, calendarId, staleAfterMs, options.claimId ?? randomUUID());
  const counts: SyncCounts = { eventsSynced: 0, newEvents: 0, updatedEvents: 0, deletedEvents: 0 };
  const started = ctx.now();
  const window: SyncWindow = {
    start: new Date(started.getTime() - windowPastDays * DAY_MS),
    end: new Date(started.getTime() + windowFutureDays * DAY_MS),
  };
  const dueForFullPass = !calendar.last_full_sync_at || started.getTime() - calendar.last_full_sync_at.getTime() >= fullPassEveryMs;
  let fullPass = options.mode === 'full' || !calendar.sync_cursor || dueForFullPass;

  try {
    const provider = calendarProvider(ctx, calendar.provider);
    const runPass = async (cursor: string | null): Promise<{ cursor: string | null; syncRequests: number }> => {
      const syncId = randomUUID();
      const tokenSession: { token?: string } = {};
      const withToken = <T>(call: (accessToken: string) => Promise<T>) =>
        withRetry(() => withAccessToken(ctx, calendar.oauth_account_id, call, tokenSession), options.retry);
      const getEvent = provider.getEvent?.bind(provider);
      const sources: EventSources = {
        stored: (ids) => loadStoredEvents(ctx.prisma, calendar.id, ids),
        fetch: (eventId) =>
          getEvent
            ? withToken((accessToken) => getEvent({ accessToken, calendarId: calendar.provider_calendar_id, eventId }))
            : Promise.resolve(null),
        masters: new Map(),
      };
      const preferences = { offerFocusTime: calendar.offer_focus_time, offerFreeEvents: calendar.offer_free_events };
      // Items that could not be mapped or completed: logged now, counted on the calendar with the cursor.
      const skipped: SkippedItem[] = [];
      const skip = (items: SkippedItem[]) => {
        for (const item of items) {
          ctx.logger.warn({ calendarId, providerEventId: item.id, error: item.error }, 'calendar item skipped');
          skipped.push(item);
        }
      };
      // Rows this pass wrote: only then can duplicates across calendars have changed.
      let wroteRows = false;
      const tally = (written: BatchWriteResult, events: number) => {
        wroteRows ||= written.inserted + written.updated + written.cancelled > 0;
        counts.eventsSynced += events;
        counts.newEvents += written.inserted;
        counts.updatedEvents += written.updated;
        counts.deletedEvents += written.cancelled;
      };
      // A full batch is written while the next pages are fetched. At most one write is in flight, so
      // batches land in order.
      let writing: Promise<void> = Promise.resolve();
      const batches = fetchEventBatches({
        provider,
        providerCalendarId: calendar.provider_calendar_id,
        window,
        cursor,
        withToken,
      });
      try {
        for await (const batch of batches) {
          skip(batch.skipped);
          // Completing partial items reads stored rows: the previous batch must have landed.
          await writing;
          const {
            timed,
            cancelledIds,
            skipped: incomplete,
          } = await prepareBatch(batch.events, { sources, accountEmail: calendar.account_email, preferences });
          skip(incomplete);
          const now = ctx.now();
          if (!batch.last) {
            // One statement, atomic on its own.
            const batchWrite = {
              calendarId: calendar.id,
              userId: calendar.user_id,
              syncId,
              fullPass: cursor === null,
              events: timed,
              cancelledIds,
              now,
            };
            writing = writeEventBatch(ctx.prisma, batchWrite).then((written) => tally(written, timed.length));
            writing.catch(() => undefined);
            continue;
          }
          const { written, syncRequests } = await commitPass(ctx.prisma, {
            calendarId: calendar.id,
            userId: calendar.user_id,
            syncId,
            cursor,
            window,
            events: timed,
            cancelledIds,
            earlierBatchesWrote: wroteRows,
            skipped,
            nextCursor: batch.nextCursor,
            now,
          });
          tally(written, timed.length);
          return { cursor: batch.nextCursor, syncRequests };
        }
      } finally {
        // A failed fetch leaves no write running behind the run's failure status.
        await writing.catch(() => undefined);
      }
      throw new Error('a pass ended without its last batch');
    };

    const passFrom = async (cursor: string | null) => {
      try {
        return await runPass(cursor);
      } catch (error) {
        if (!isProviderError(error) || error.kind !== 'cursor_expired' || cursor === null) throw error;
        ctx.logger.info({ calendarId }, 'sync cursor expired; running a full pass');
        await ctx.prisma.calendarIntegration.update({ where: { id: calendar.id }, data: { syncCursor: null } });
        fullPass = true;
        return runPass(null);
      }
    };

    let pass = await passFrom(fullPass ? null : calendar.sync_cursor);
    let requestsSeen = calendar.sync_requests;
    for (let followUps = 0; pass.syncRequests !== requestsSeen && followUps < MAX_FOLLOW_UP_PASSES; followUps += 1) {
      requestsSeen = pass.syncRequests;
      pass = await passFrom(pass.cursor);
    }
    return { ...counts, calendarId, fullPass, requestsCovered: pass.syncRequests };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A re-auth pause set by the token refresher during this run wins over "failed".
    await ctx.prisma.$executeRaw`
      UPDATE calendar_integrations
      SET sync_status = CASE WHEN sync_status = 'paused' THEN 'paused'::"SyncStatus" ELSE 'failed'::"SyncStatus" END,
          last_error = ${message.slice(0, 500)}, updated_at = ${ctx.now()}
      WHERE id = ${calendar.id}::uuid`;
    throw error;
  }
}
