import { createHash } from 'node:crypto';
import { Prisma, queryRows } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { calendarSyncDedupId, calendarSyncJobId } from '../jobs/calendar-sync/definition.ts';

export type FanOutInput = {
  /** Start of the schedule slot this fan-out belongs to; two runs in one slot enqueue each calendar once. */
  slotStart: Date;
  /** Spread the jobs over this long so thousands of calendars don't hit a provider in the same second. */
  spreadMs: number;
  mode: 'incremental' | 'full';
  pageSize?: number;
};

export type FanOutResult = { calendars: number; pages: number };

/** Deterministic jitter: the same calendar in the same slot always gets the same delay. */
function jitterMs(calendarId: string, slot: number, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  const digest = createHash('sha1').update(`${calendarId}:${slot}`).digest();
  return digest.readUInt32BE(0) % spreadMs;
}

/** Below every uuid: the first page starts after it. */
const BEFORE_FIRST_ID = '00000000-0000-0000-0000-000000000000';

/** One page of the calendars that can sync (active, sync enabled, not paused, account usable), by primary key. */
function syncableCalendarIds(ctx: Pick<ServiceContext, 'prisma'>, after: string, pageSize: number): Promise<{ id: string }[]> {
  return queryRows<{ id: string }>(
    ctx.prisma,
    Prisma.sql`SELECT c.id FROM calendar_integrations c JOIN user_oauth_accounts a ON a.id = c.oauth_account_id
               WHERE c.is_active AND c.sync_enabled AND c.sync_status <> 'paused' AND a.status = 'active' AND c.id > ${after}::uuid
               ORDER BY c.id LIMIT ${pageSize}`,
  );
}

/**
 * The sync-all fan-out. It does no provider work: it pages through the calendars that can sync
 * by primary key and enqueues one sync job per calendar in bulk, reading the next page while Redis
 * takes the current one. Each job has a per-slot id (a second run in the same slot adds nothing)
 * and the per-calendar dedup id (a calendar already queued or running is not queued again).
 */
export async function enqueueCalendarSyncs(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, input: FanOutInput): Promise<FanOutResult> {
  const pageSize = input.pageSize ?? 1000;
  const slot = input.slotStart.getTime();
  let calendars = 0;
  let pages = 0;
  let nextPage = syncableCalendarIds(ctx, BEFORE_FIRST_ID, pageSize);
  for (;;) {
    const page = await nextPage;
    if (page.length === 0) break;
    pages += 1;
    calendars += page.length;
    const lastPage = page.length < pageSize;
    if (!lastPage) {
      nextPage = syncableCalendarIds(ctx, page[page.length - 1]!.id, pageSize);
      // Handled where awaited; a failed enqueue abandons it (its error too).
      nextPage.catch(() => undefined);
    }
    await ctx.queues.enqueueBulk(
      'calendarSync',
      page.map(({ id }) => ({
        payload: { calendarId: id, mode: input.mode, reason: input.mode === 'full' ? 'daily_full' : 'scheduled' },
        options: {
          jobId: calendarSyncJobId(id, input.mode, input.slotStart),
          deduplication: { id: calendarSyncDedupId(id) },
          delay: jitterMs(id, slot, input.spreadMs),
        },
      })),
    );
    if (lastPage) break;
  }
  return { calendars, pages };
}
