import { randomUUID } from 'node:crypto';
import { assertJobId } from '@billops/queue';
import { describe, expect, it } from 'vitest';
import { JOBS } from './catalog.ts';
import { calendarSyncJobId } from './calendar-sync/definition.ts';
import { dailySummaryJobId } from './daily-summary/definition.ts';
import { invoiceReadyJobId } from './notify-invoice-ready/definition.ts';
import { reauthRequiredJobId } from './notify-reauth-required/definition.ts';
import { timeEntryCreatedJobId } from './notify-time-entry-created/definition.ts';
import { refreshAccountTokenJobId } from './refresh-account-token/definition.ts';
import { reviewNudgeJobId } from './review-nudge/definition.ts';
import { slackTimeCommandJobId } from './slack-time-command/definition.ts';

const id = randomUUID();
const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

describe('job ids', () => {
  it('are made only of what BullMQ takes as a custom id (no colon, not an integer)', () => {
    const ids = [
      calendarSyncJobId(id, 'incremental', at),
      calendarSyncJobId(id, 'full', at),
      refreshAccountTokenJobId(id, at),
      timeEntryCreatedJobId(id),
      invoiceReadyJobId(id),
      reauthRequiredJobId(id, at),
      dailySummaryJobId(id, '2026-01-02'),
      reviewNudgeJobId(id, '2026-01-02'),
      // Slack's ids are Slack's to format: the hash keeps whatever they contain out of the job id.
      slackTimeCommandJobId('T0:1', '1234.5678:abc'),
    ];
    for (const jobId of ids) {
      expect(() => assertJobId(jobId)).not.toThrow();
      expect(jobId).toMatch(/^[A-Za-z0-9-]+$/);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('tell one command, slot or day from the next', () => {
    expect(slackTimeCommandJobId('T1', 'a')).toBe(slackTimeCommandJobId('T1', 'a'));
    expect(slackTimeCommandJobId('T1', 'a')).not.toBe(slackTimeCommandJobId('T1', 'b'));
    expect(calendarSyncJobId(id, 'incremental', at)).not.toBe(calendarSyncJobId(id, 'incremental', new Date(at.getTime() + 3_600_000)));
    expect(dailySummaryJobId(id, '2026-01-02')).not.toBe(dailySummaryJobId(id, '2026-01-03'));
  });
});

describe('the job catalog', () => {
  it('names each job type and each schedule once', () => {
    const names = Object.values(JOBS).map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    const scheduleIds = Object.values(JOBS).flatMap((job) => ('schedules' in job ? job.schedules.map((s) => s.id) : []));
    expect(new Set(scheduleIds).size).toBe(scheduleIds.length);
  });

  it('keeps the scheduler ids Redis already holds (a renamed one would leave the old scheduler running beside it)', () => {
    const scheduleIds = Object.values(JOBS).flatMap((job) => ('schedules' in job ? job.schedules.map((s) => s.id) : []));
    expect(scheduleIds.sort()).toEqual([
      'calendar:refresh_tokens',
      'calendar:sync_all',
      'calendar:sync_all_full',
      'maintenance:reap_stuck_syncs',
      'maintenance:reconcile_deliveries',
      'notifications:daily_summary',
      'notifications:review_nudge',
      'slack:stop_stale_timers',
    ]);
  });
});
