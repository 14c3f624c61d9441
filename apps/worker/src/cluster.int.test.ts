import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueCalendarSyncs, selectCalendar } from '@billops/domain';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { insertOrganization, eventually, spawnEntry, type SpawnedProcess } from '@billops/testing';
import { connectGoogle, googleControl, isoIn } from '@billops/testing/domain';
import { createTestWorkerContext, type TestWorkerContext } from './testing/harness.ts';

// Several real worker processes against one Redis prefix and one database: the point of these tests.
// Process start-up and stall detection take seconds on a loaded 2-core box: generous timeouts.
const PROCESS_TEST_TIMEOUT_MS = 120_000;
let sandbox: RunningSandbox;
let t: TestWorkerContext;
let cwd: string;
const processes: SpawnedProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  t = await createTestWorkerContext({ SANDBOX_URL: sandbox.url });
  cwd = mkdtempSync(join(tmpdir(), 'billops-cluster-'));
});
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
  await t?.close();
  await sandbox?.close();
});

function startWorkerProcess(name: string, extra: Record<string, string> = {}): SpawnedProcess {
  const c = t.ctx.config;
  const worker = spawnEntry(
    'apps/worker/src/main.ts',
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: c.DATABASE_URL,
      REDIS_URL: c.REDIS_URL,
      QUEUE_PREFIX: c.QUEUE_PREFIX,
      TOKEN_ENCRYPTION_KEY: c.TOKEN_ENCRYPTION_KEY,
      SANDBOX_URL: sandbox.url,
      SCHEDULES_ENABLED: 'false',
      PROVIDER_RETRY_BASE_DELAY_MS: '10',
      ...extra,
    },
    cwd,
  );
  processes.push(worker);
  return worker;
}

/** A connected user with one selected sandbox calendar holding `events` timed events. */
async function calendarWithEvents(label: string, events: number): Promise<string> {
  const control = googleControl(sandbox.url);
  const providerCalendarId = `${label}@group.calendar.google.com`;
  await control('POST', '/calendars', { id: providerCalendarId, summary: label });
  for (let i = 0; i < events; i += 1) {
    await control('POST', `/calendars/${encodeURIComponent(providerCalendarId)}/events`, {
      summary: `${label} meeting ${i}`,
      start: { dateTime: isoIn(2 + i) },
      end: { dateTime: isoIn(3 + i) },
    });
  }
  const user = await insertOrganization(t.ctx);
  await connectGoogle(t.ctx, user, `${label}@example.com`);
  const calendar = await selectCalendar(t.ctx, { userId: user.userId, provider: 'google', providerCalendarId, calendarName: label });
  return calendar.id;
}

const completedSyncs = async () => (await t.ctx.queues.queues.calendar.getJobs(['completed'])).filter((j) => j.name === 'calendar:sync');

describe('several worker processes', () => {
  it(
    'sync each of 50 calendars exactly once, sharing the work',
    async () => {
      const ids: string[] = [];
      for (let i = 0; i < 50; i += 1) ids.push(await calendarWithEvents(`fleet${i}`, 1));
      // selectCalendar queues a first sync for each; start from an empty queue for a clean count.
      await t.ctx.queues.queues.calendar.obliterate({ force: true });

      const a = startWorkerProcess('a', { CALENDAR_CONCURRENCY: '3' });
      const b = startWorkerProcess('b', { CALENDAR_CONCURRENCY: '3' });
      await Promise.all([a.waitFor(/worker started/), b.waitFor(/worker started/)]);
      // Two fan-outs in the same slot, as two schedulers firing would do: each calendar still once.
      const slotStart = new Date();
      await enqueueCalendarSyncs(t.ctx, { slotStart, spreadMs: 0, mode: 'incremental' });
      await enqueueCalendarSyncs(t.ctx, { slotStart, spreadMs: 0, mode: 'incremental' });

      await eventually(async () => (await completedSyncs()).length >= 50, 90_000);
      const jobs = await completedSyncs();
      expect(jobs).toHaveLength(50);
      expect(new Set(jobs.map((j) => j.data.calendarId))).toEqual(new Set(ids));
      expect(jobs.every((j) => j.attemptsMade === 1)).toBe(true);
      const rows = await t.db.prisma.syncedCalendarEvent.groupBy({ by: ['calendarId'], where: { calendarId: { in: ids } }, _count: true });
      expect(rows.every((r) => r._count === 1)).toBe(true);
      expect(rows).toHaveLength(50);
      // Both processes took part.
      const completedBy = (p: SpawnedProcess) => (p.output().match(/"job":"calendar:sync".*?"msg":"job completed"/g) ?? []).length;
      expect(completedBy(a)).toBeGreaterThan(0);
      expect(completedBy(b)).toBeGreaterThan(0);
      expect(completedBy(a) + completedBy(b)).toBe(50);

      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      expect((await a.exited).code).toBe(0);
      expect((await b.exited).code).toBe(0);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'finishes the in-flight sync on SIGTERM before exiting 0',
    async () => {
      const calendarId = await calendarWithEvents('graceful', 3);
      await t.ctx.queues.queues.calendar.obliterate({ force: true });
      const worker = startWorkerProcess('graceful');
      await worker.waitFor(/worker started/);
      await googleControl(sandbox.url)('POST', '/faults', { endpoint: 'events.list', delayMs: 1500, count: 1 });
      const job = await t.ctx.queues.enqueue('calendarSync', { calendarId, mode: 'full', reason: 'manual' });
      await eventually(async () => (await job.getState()) === 'active', 20_000);
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
      expect(await t.ctx.queues.queues.calendar.getJobState(job.id!)).toBe('completed');
      expect(await t.db.prisma.syncedCalendarEvent.count({ where: { calendarId } })).toBe(3);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  it(
    'after a SIGKILL mid-sync, another worker completes the job with no duplicate rows',
    async () => {
      const control = googleControl(sandbox.url);
      const calendarId = await calendarWithEvents('killed', 6);
      await t.ctx.queues.queues.calendar.obliterate({ force: true });
      await control('PUT', '/settings', { maxPageSize: 2 });
      const fast = { WORKER_LOCK_DURATION_MS: '2000', WORKER_STALLED_INTERVAL_MS: '1000' };
      const doomed = startWorkerProcess('doomed', fast);
      await doomed.waitFor(/worker started/);
      // The first page goes through; the second hangs long enough to kill the worker mid-sync.
      await control('POST', '/faults', { endpoint: 'events.list', delayMs: 0, count: 1 });
      await control('POST', '/faults', { endpoint: 'events.list', delayMs: 10_000, count: 1 });
      const job = await t.ctx.queues.enqueue('calendarSync', { calendarId, mode: 'full', reason: 'manual' });
      await eventually(async () => (await t.db.prisma.syncedCalendarEvent.count({ where: { calendarId } })) >= 2, 20_000);
      doomed.child.kill('SIGKILL');
      await doomed.exited;

      const rescuer = startWorkerProcess('rescuer', fast);
      await rescuer.waitFor(/worker started/);
      await eventually(async () => (await t.ctx.queues.queues.calendar.getJobState(job.id!)) === 'completed', 60_000);
      await control('PUT', '/settings', { maxPageSize: 250 });

      const rows = await t.db.prisma.syncedCalendarEvent.findMany({ where: { calendarId } });
      expect(rows).toHaveLength(6);
      expect(new Set(rows.map((r) => r.providerEventId)).size).toBe(6);
      const calendar = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: calendarId } });
      expect(calendar.syncStatus).toBe('succeeded');
      rescuer.child.kill('SIGTERM');
      expect((await rescuer.exited).code).toBe(0);
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});
