import type { JobKey, JobPayload, JobQueues } from '@billops/queue';
import { JOBS } from '@billops/queue';
import type { WorkerConfig } from './config.ts';

type Schedule<K extends JobKey = JobKey> = { id: string; job: K; pattern: string; payload: JobPayload<K> };

/** Every repeatable job, by scheduler id. Changing a cron in config and restarting updates it in place. */
export function schedulesFor(config: WorkerConfig): Schedule[] {
  return [
    { id: 'calendar:sync_all', job: 'calendarSyncAll', pattern: config.CALENDAR_SYNC_CRON, payload: { full: false } },
    { id: 'calendar:sync_all_full', job: 'calendarSyncAll', pattern: config.CALENDAR_FULL_SYNC_CRON, payload: { full: true } },
    { id: 'calendar:refresh_tokens', job: 'refreshTokens', pattern: config.TOKEN_REFRESH_CRON, payload: {} },
    { id: 'notifications:daily_summary', job: 'dailySummary', pattern: config.DAILY_SUMMARY_CRON, payload: {} },
    { id: 'maintenance:reap_stuck_syncs', job: 'reapStuckSyncs', pattern: config.REAPER_CRON, payload: {} },
    { id: 'slack:stop_stale_timers', job: 'stopStaleTimers', pattern: config.TIMER_SWEEP_CRON, payload: {} },
  ];
}

/**
 * Registers the schedules with BullMQ job schedulers. Upserting by id is idempotent: any number of
 * worker processes and restarts leave exactly one scheduler per id, and BullMQ creates one job per
 * slot cluster-wide.
 */
export async function registerSchedules(queues: JobQueues, config: WorkerConfig): Promise<Schedule[]> {
  const schedules = schedulesFor(config);
  for (const schedule of schedules) {
    const job = JOBS[schedule.job];
    await queues.queues[job.queue].upsertJobScheduler(
      schedule.id,
      { pattern: schedule.pattern, tz: 'UTC' },
      { name: job.name, data: job.payload.parse(schedule.payload), opts: { ...job.options } },
    );
  }
  return schedules;
}
