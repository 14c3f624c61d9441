import { loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { ServiceContext } from '@billops/domain';
import { pgBatchUpsert } from '../ceilings/pg-upsert.ts';
import { connectAndSelect, type CalendarFixture } from '../lib/calendar-fixtures.ts';
import type { BenchEnv } from '../lib/env.ts';
import { peakRssMiB, type Service } from '../lib/processes.ts';
import type { Row } from '../lib/report.ts';
import { repeat, summarize, type Summary } from '../lib/stats.ts';

const EVENTS = 10_000;
const REPETITIONS = 3;

type SyncRun = { ms: number; requests: number; rowsWritten: number; result: Record<string, unknown> };

/**
 * Cases 1–3 and the worker's memory for one provider: a full sync of 10,000 events through the real
 * `calendar:sync` job in a worker process, against pg batch upserts of the same rows; then
 * incremental syncs with nothing changed and with 1% changed.
 */
export async function calendarSyncCase(
  env: BenchEnv,
  ctx: ServiceContext,
  fixture: CalendarFixture,
  worker: Service,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const label = fixture.provider === 'google' ? 'Google' : 'Outlook';
  const providerCalendarId = await fixture.createCalendar();
  const eventIds = await fixture.addEvents(EVENTS);
  const organization = await ctx.prisma.organization.create({ data: { name: `Bench ${label}` } });
  const user = await ctx.prisma.user.create({
    data: { email: `bench-${fixture.provider}-${randomUUID()}@example.com`, name: 'Bench', passwordHash: 'x' },
  });
  await ctx.prisma.membership.create({ data: { organizationId: organization.id, userId: user.id, role: 'owner' } });
  const calendar = await connectAndSelect(ctx, fixture, { userId: user.id, organizationId: organization.id }, providerCalendarId);
  const events = ctx.queues.events('calendar');
  await events.waitUntilReady();

  /** One sync through the worker process; wall time is the job's own processing time. */
  const runSync = async (mode: 'full' | 'incremental'): Promise<SyncRun> => {
    const requestsBefore = await fixture.eventRequests();
    const before = new Date();
    const job: Job = await ctx.queues.enqueue('calendarSync', { calendarId: calendar.id, mode, reason: 'manual' });
    const result = (await job.waitUntilFinished(events, 120_000)) as Record<string, unknown>;
    const finished = await ctx.queues.queues.calendar.getJob(job.id!);
    const rowsWritten = await ctx.prisma.syncedCalendarEvent.count({ where: { calendarId: calendar.id, updatedAt: { gte: before } } });
    return {
      ms: finished!.finishedOn! - finished!.processedOn!,
      requests: (await fixture.eventRequests()) - requestsBefore,
      rowsWritten,
      result,
    };
  };
  const resetCalendar = async () => {
    await ctx.prisma.syncedCalendarEvent.deleteMany({ where: { calendarId: calendar.id } });
    await ctx.prisma.calendarIntegration.update({ where: { id: calendar.id }, data: { syncCursor: null, lastFullSyncAt: null } });
  };

  try {
    // The machine's load average (1, 5, 15 min) around the figures: a busy machine explains a low ratio.
    const loadBefore = loadavg();
    // The first sync (queued by selecting the calendar) is the warm-up.
    await waitForIdle(ctx, calendar.id);
    const full = await repeat(
      REPETITIONS,
      async () => {
        await resetCalendar();
        const run = await runSync('full');
        if (run.result.eventsSynced !== EVENTS) throw new Error(`full sync saw ${String(run.result.eventsSynced)} events`);
        return run;
      },
      { warmup: false },
    );
    const workerPeakRss = peakRssMiB(worker.process.pid!);

    const ceilingCalendar = await ctx.prisma.calendarIntegration.create({
      data: {
        userId: user.id,
        oauthAccountId: calendar.oauthAccountId,
        provider: fixture.provider,
        providerCalendarId: `ceiling-${randomUUID()}`,
        calendarName: 'Ceiling',
        syncEnabled: false,
      },
    });
    const ceiling = await repeat(REPETITIONS, () =>
      pgBatchUpsert(env.databaseUrl, { calendarId: ceilingCalendar.id, userId: user.id, events: EVENTS }),
    );

    const unchanged = await repeat(5, () => runSync('incremental'), { warmup: true });
    const changed = await repeat(
      REPETITIONS,
      async () => {
        const edit = eventIds.splice(0, 100);
        const remove = eventIds.splice(0, 20);
        await fixture.editEvents(edit);
        await fixture.deleteEvents(remove);
        return runSync('incremental');
      },
      { warmup: false },
    );

    const fullMs = summarize(full.map((r) => r.ms));
    const ceilingMs = summarize(ceiling);
    const perSecond = (ms: number) => (EVENTS / ms) * 1000;
    const ratio = perSecond(fullMs.median) / perSecond(ceilingMs.median);
    // Issue 18's targets, same-run ratios to the upsert ceiling.
    const target = fixture.provider === 'google' ? 0.7 : 0.6;
    const unchangedMs = summarize(unchanged.map((r) => r.ms));
    const changedMs = summarize(changed.map((r) => r.ms));
    const spread = (s: Summary) => `${s.median.toFixed(0)} (${s.min.toFixed(0)}-${s.max.toFixed(0)})`;
    const maxRequests = Math.max(...unchanged.map((r) => r.requests));
    const maxUnchangedWrites = Math.max(...unchanged.map((r) => r.rowsWritten));
    return {
      rows: [
        {
          case: `full sync ${label} 10k`,
          metric: 'events/s (median)',
          value: perSecond(fullMs.median).toFixed(0),
          ceiling: perSecond(ceilingMs.median).toFixed(0),
          ratio: ratio.toFixed(2),
          target: `>= ${target}`,
          ok: ratio >= target,
        },
        { case: `full sync ${label} 10k`, metric: 'wall ms (median, min-max)', value: spread(fullMs), ceiling: spread(ceilingMs) },
        { case: `full sync ${label} 10k`, metric: 'provider requests', value: String(full[0]!.requests) },
        {
          case: `incremental ${label}, no change`,
          metric: 'wall ms (median, min-max)',
          value: spread(unchangedMs),
          target: '< 50',
          ok: unchangedMs.median < 50,
        },
        {
          case: `incremental ${label}, no change`,
          metric: 'provider requests / rows written',
          value: `${maxRequests} / ${maxUnchangedWrites}`,
          target: '1 / 0',
          ok: maxRequests <= 1 && maxUnchangedWrites === 0,
        },
        { case: `incremental ${label}, 1% changed`, metric: 'wall ms (median, min-max)', value: spread(changedMs) },
        {
          case: `incremental ${label}, 1% changed`,
          metric: 'rows written (100 edited, 20 deleted)',
          value: String(changed[0]!.rowsWritten),
          target: '120',
          ok: changed.every((r) => r.rowsWritten === 120),
        },
        {
          case: `worker during ${label} syncs`,
          metric: 'peak RSS MiB',
          value: workerPeakRss.toFixed(0),
          target: '< 300',
          ok: workerPeakRss < 300,
        },
      ],
      details: { loadBefore, loadAfter: loadavg(), fullSyncMs: fullMs, ceilingMs, unchanged, changed, workerPeakRssMiB: workerPeakRss },
    };
  } finally {
    await events.close();
  }
}

async function waitForIdle(ctx: ServiceContext, calendarId: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const calendar = await ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: calendarId } });
    if (calendar.syncStatus === 'succeeded' || calendar.syncStatus === 'failed') return;
    if (Date.now() > deadline) throw new Error('first sync did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
}
