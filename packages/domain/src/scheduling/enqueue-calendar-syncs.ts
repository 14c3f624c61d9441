import { createHash } from 'node:crypto';
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

/**
 * The sync-all fan-out. It does no provider work: it pages through the calendars that can sync
 * (active, sync enabled, not paused, account usable) by primary key and enqueues one sync job per
 * calendar in bulk. Each job has a per-slot id (a second run in the same slot adds nothing) and the
 * per-calendar dedup id (a calendar already queued or running is not queued again).
 */
export async function enqueueCalendarSyncs(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, input: FanOutInput): Promise<FanOutResult> {
  const pageSize = input.pageSize ?? 1000;
  const slot = input.slotStart.getTime();
  let after: string | undefined;
  let calendars = 0;
  let pages = 0;
  for (;;) {
    const page = await ctx.prisma.calendarIntegration.findMany({
      where: {
        isActive: true,
        syncEnabled: true,
        syncStatus: { not: 'paused' },
        oauthAccount: { status: 'active' },
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    if (page.length === 0) break;
    pages += 1;
    calendars += page.length;
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
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) break;
  }
  return { calendars, pages };
}
