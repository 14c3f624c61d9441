import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarSyncAllHandler as syncAllHandler, JobQueues, reapStuckSyncsHandler as reaperHandler } from '@billops/domain';
import { registerSchedules, schedulesFor } from './schedules.ts';
import { insertCalendars } from '@billops/testing';
import { createTestWorkerContext, type TestWorkerContext } from './testing/harness.ts';
import type { Job } from 'bullmq';

let t: TestWorkerContext;
beforeAll(async () => {
  t = await createTestWorkerContext();
});
afterAll(async () => {
  await t.close();
});

const fakeJob = {} as Job;

describe('schedules', () => {
  it('registers each schedule once, however many processes or restarts register them', async () => {
    const second = new JobQueues({ redisUrl: t.ctx.config.REDIS_URL, prefix: t.ctx.config.QUEUE_PREFIX });
    await registerSchedules(t.ctx.queues, t.ctx.config);
    await registerSchedules(second, t.ctx.config);
    await registerSchedules(t.ctx.queues, t.ctx.config);
    await second.close();
    const expected = schedulesFor(t.ctx.config);
    const found = (await Promise.all(Object.values(t.ctx.queues.queues).map((q) => q.getJobSchedulers(0, -1)))).flat();
    expect(found.map((s) => s.key).sort()).toEqual(expected.map((s) => s.id).sort());
    const hourly = found.find((s) => s.key === 'calendar:sync_all');
    expect(hourly?.pattern).toBe('0 * * * *');
  });
});

describe('calendar:sync_all fan-out', () => {
  it('enqueues every syncable calendar once per slot and skips the ones that cannot sync', async () => {
    const syncable = await insertCalendars(t.ctx, { count: 5 });
    const reauth = await insertCalendars(t.ctx, { count: 2, accountStatus: 'needs_reauth' });
    const disabled = await insertCalendars(t.ctx, { count: 1, syncEnabled: false });
    const [paused] = await insertCalendars(t.ctx, { count: 1 });
    await t.db.prisma.calendarIntegration.update({ where: { id: paused! }, data: { syncStatus: 'paused' } });

    const first = await syncAllHandler(t.ctx, { full: false }, fakeJob);
    const again = await syncAllHandler(t.ctx, { full: false }, fakeJob);
    expect(first).toEqual({ calendars: 5, pages: 1 });
    expect(again).toEqual({ calendars: 5, pages: 1 });

    const jobs = await t.ctx.queues.queues.calendar.getJobs(['waiting', 'delayed', 'active']);
    const syncJobs = jobs.filter((j) => j.name === 'calendar:sync');
    const calendarIds = syncJobs.map((j) => j.data.calendarId as string).sort();
    expect(calendarIds).toEqual([...syncable].sort());
    for (const skipped of [...reauth, ...disabled, paused!]) expect(calendarIds).not.toContain(skipped);
    // Spread over the interval: delays within the configured fraction of an hour.
    for (const job of syncJobs) {
      expect(job.opts.delay).toBeGreaterThanOrEqual(0);
      expect(job.opts.delay).toBeLessThan(3600_000 * t.ctx.config.SYNC_SPREAD_FRACTION);
      expect(job.data).toMatchObject({ mode: 'incremental', reason: 'scheduled' });
    }
  });

  it('does not queue a calendar whose sync is already queued by someone else', async () => {
    const [calendarId] = await insertCalendars(t.ctx, { count: 1 });
    await t.ctx.queues.enqueue(
      'calendarSync',
      { calendarId: calendarId!, mode: 'incremental', reason: 'manual' },
      { deduplication: { id: `calendar-sync:${calendarId}` } },
    );
    await syncAllHandler(t.ctx, { full: true }, fakeJob);
    const jobs = await t.ctx.queues.queues.calendar.getJobs(['waiting', 'delayed', 'active']);
    expect(jobs.filter((j) => j.data.calendarId === calendarId)).toHaveLength(1);
  });
});

describe('reaper', () => {
  it('resets syncs stuck in running past the bound and leaves recent ones alone', async () => {
    const [stuck, recent] = await insertCalendars(t.ctx, { count: 2 });
    const now = t.ctx.now();
    await t.db.prisma.calendarIntegration.update({
      where: { id: stuck! },
      data: { syncStatus: 'running', syncStartedAt: new Date(now.getTime() - 3 * 3600_000) },
    });
    await t.db.prisma.calendarIntegration.update({
      where: { id: recent! },
      data: { syncStatus: 'running', syncStartedAt: new Date(now.getTime() - 60_000) },
    });
    expect(await reaperHandler(t.ctx, {}, fakeJob)).toEqual({ reaped: 1 });
    const rows = await t.db.prisma.calendarIntegration.findMany({ where: { id: { in: [stuck!, recent!] } } });
    expect(rows.find((r) => r.id === stuck)?.syncStatus).toBe('failed');
    expect(rows.find((r) => r.id === stuck)?.lastError).toMatch(/reset by the reaper/);
    expect(rows.find((r) => r.id === recent)?.syncStatus).toBe('running');
  });
});
