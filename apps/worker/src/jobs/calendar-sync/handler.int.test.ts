import { describe, expect, it } from 'vitest';
import { UnrecoverableError, type Job } from 'bullmq';
import { connectSandboxCalendar, isoIn } from '@billops/testing/domain';
import { runJob } from '../../processor.ts';
import { useGoogleSandboxWorker } from './test-helpers.ts';

// The job around the sync engine, as the worker runs it (whose own tests are in packages/domain/src/calendar/sync/):
// what it retries, what it fails for good, and the auto-convert it queues after a sync.
const w = useGoogleSandboxWorker();
let calendarCounter = 0;

/** A fresh user, connected, with a fresh sandbox calendar selected. */
async function setup() {
  calendarCounter += 1;
  const { user, email, account, integration, providerCalendarId } = await connectSandboxCalendar(
    w.harness.ctx,
    w.control,
    `handler${calendarCounter}`,
  );
  const add = (summary: string, hoursFromNow: number) =>
    w.control('POST', `/calendars/${encodeURIComponent(providerCalendarId)}/events`, {
      summary,
      start: { dateTime: isoIn(hoursFromNow) },
      end: { dateTime: isoIn(hoursFromNow + 1) },
    });
  return { user, email, account, integration, add };
}

describe('calendar:sync job', () => {
  it('returns the counts and queues one auto-convert for the calendar', async () => {
    const s = await setup();
    await s.add('Synced by the job', 2);
    const result = await runJob(w.harness.ctx, 'calendarSync', { calendarId: s.integration.id, mode: 'incremental', reason: 'manual' }, {
      id: `handler-${s.integration.id}`,
    } as Job);
    expect(result).toMatchObject({ newEvents: 1 });
    const queued = await w.harness.ctx.queues.queues.calendar.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(queued.filter((j) => j.name === 'review:auto_convert' && j.data.calendarId === s.integration.id)).toHaveLength(1);
  });

  it('the job handler fails unrecoverably on a revoked grant and rethrows outages for BullMQ to retry', async () => {
    const s = await setup();
    const job = {} as Job;
    await w.control('POST', '/faults', { endpoint: 'events.list', status: 503, count: 10 });
    try {
      const outage = runJob(
        { ...w.harness.ctx, config: { ...w.harness.ctx.config, PROVIDER_RETRY_ATTEMPTS: 2, PROVIDER_RETRY_BASE_DELAY_MS: 1 } },
        'calendarSync',
        { calendarId: s.integration.id, mode: 'incremental', reason: 'manual' },
        job,
      );
      await expect(outage).rejects.toMatchObject({ kind: 'transient' });
    } finally {
      await w.control('DELETE', '/faults');
    }
    expect((await w.harness.ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: s.integration.id } })).syncStatus).toBe(
      'failed',
    );
    await w.control('POST', '/grants/revoke', { email: s.email });
    await w.control('POST', '/tokens/expire');
    const revoked = runJob(w.harness.ctx, 'calendarSync', { calendarId: s.integration.id, mode: 'incremental', reason: 'manual' }, job);
    await expect(revoked).rejects.toBeInstanceOf(UnrecoverableError);
    expect((await w.harness.ctx.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: s.account.id } })).status).toBe('needs_reauth');
  });
});
