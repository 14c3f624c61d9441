import { loadavg } from 'node:os';
import { Queue } from 'bullmq';
import { createPrismaClient } from '@billops/db';
import { enqueueCalendarSyncs, JobQueues } from '@billops/domain';
import type { BenchEnv } from '../lib/env.ts';
import type { Row } from '../lib/report.ts';
import { runSeed } from '../lib/seed.ts';
import { repeat, summarize, timed } from '../lib/stats.ts';

const CALENDARS = 10_000;
const REPETITIONS = 3;

/** Case 4: `calendar:sync_all` fan-out over 10,000 calendars vs a raw BullMQ addBulk of 10,000 jobs. */
export async function fanOutCase(env: BenchEnv): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  await runSeed(env, ['--calendars', String(CALENDARS)]);
  const prisma = createPrismaClient({ databaseUrl: env.databaseUrl });
  const queues = new JobQueues({ redisUrl: env.redisUrl, prefix: env.prefix });
  const rawQueue = new Queue('bench-raw', { connection: queues.redis, prefix: env.prefix });
  const ctx = { prisma, queues };
  try {
    // The machine's load average (1, 5, 15 min) around the figures: a busy machine explains a low ratio.
    const loadBefore = loadavg();
    const syncable = await prisma.calendarIntegration.count({ where: { isActive: true, syncEnabled: true } });
    const fanOut = await repeat(REPETITIONS, async (run) => {
      await queues.queues.calendar.obliterate({ force: true });
      const { ms, result } = await timed(() =>
        enqueueCalendarSyncs(ctx, { slotStart: new Date(Date.UTC(2026, 0, 1, run + 10)), spreadMs: 3_000_000, mode: 'incremental' }),
      );
      const queued = await queues.queues.calendar.getJobCountByTypes('delayed', 'waiting');
      if (result.calendars !== syncable || queued !== syncable) throw new Error(`fan-out enqueued ${queued} of ${syncable}`);
      return ms;
    });
    const raw = await repeat(REPETITIONS, async (run) => {
      await rawQueue.obliterate({ force: true });
      const jobs = Array.from({ length: CALENDARS }, (_, i) => ({
        name: 'calendar:sync',
        data: { calendarId: `raw-${run}-${i}`, mode: 'incremental' },
        opts: { jobId: `raw-${run}-${i}`, delay: i % 3_000_000 },
      }));
      return (await timed(() => rawQueue.addBulk(jobs))).ms;
    });
    const fan = summarize(fanOut);
    const ceiling = summarize(raw);
    const rate = (ms: number) => (CALENDARS / ms) * 1000;
    const ratio = rate(fan.median) / rate(ceiling.median);
    return {
      rows: [
        {
          case: 'fan-out 10k calendars',
          metric: 'jobs/s (median)',
          value: rate(fan.median).toFixed(0),
          ceiling: rate(ceiling.median).toFixed(0),
          ratio: ratio.toFixed(2),
          // Issue 18's target.
          target: '>= 0.6',
          ok: ratio >= 0.6,
        },
        {
          case: 'fan-out 10k calendars',
          metric: 'wall ms (median, min-max)',
          value: `${fan.median.toFixed(0)} (${fan.min.toFixed(0)}-${fan.max.toFixed(0)})`,
          ceiling: `${ceiling.median.toFixed(0)} (${ceiling.min.toFixed(0)}-${ceiling.max.toFixed(0)})`,
        },
      ],
      details: { loadBefore, loadAfter: loadavg(), fanOutMs: fan, addBulkMs: ceiling, calendars: syncable },
    };
  } finally {
    await queues.queues.calendar.obliterate({ force: true });
    await rawQueue.obliterate({ force: true });
    await rawQueue.close();
    await queues.close();
    await prisma.$disconnect();
  }
}
