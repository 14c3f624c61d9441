import type { Logger } from '@billops/core';
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
    { id: 'notifications:review_nudge', job: 'reviewNudge', pattern: config.REVIEW_NUDGE_CRON, payload: {} },
    { id: 'maintenance:reap_stuck_syncs', job: 'reapStuckSyncs', pattern: config.REAPER_CRON, payload: {} },
    { id: 'maintenance:reconcile_deliveries', job: 'reconcileDeliveries', pattern: config.RECONCILE_CRON, payload: {} },
    { id: 'slack:stop_stale_timers', job: 'stopStaleTimers', pattern: config.TIMER_SWEEP_CRON, payload: {} },
  ];
}

/**
 * Registers the schedules with BullMQ job schedulers. Upserting by id is idempotent: any number of
 * worker processes and restarts leave exactly one scheduler per id, and BullMQ creates one job per
 * slot cluster-wide.
 */
export async function registerSchedules(
  queues: JobQueues,
  config: WorkerConfig,
  schedules: Schedule[] = schedulesFor(config),
): Promise<Schedule[]> {
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

/** Registers again the schedules Redis no longer has (lost with its data, or removed by hand); returns their ids. */
export async function restoreMissingSchedules(queues: JobQueues, config: WorkerConfig): Promise<string[]> {
  // Listed rather than looked up one by one: for an id with a colon, BullMQ's getJobScheduler
  // answers with an object (parsed from the id, for its old repeatable jobs) even when it is gone.
  const present = new Set(
    (await Promise.all(Object.values(queues.queues).map((queue) => queue.getJobSchedulers(0, -1)))).flat().map((s) => s.key),
  );
  const missing = schedulesFor(config).filter((schedule) => !present.has(schedule.id));
  await registerSchedules(queues, config, missing);
  return missing.map((s) => s.id);
}

/**
 * Keeps the schedules in Redis: checks whenever the producer connection is (re)established (Redis
 * restarted, maybe empty) and every SCHEDULE_CHECK_SECONDS (flushed while connected). A schedule
 * that vanished would otherwise stay gone, silently, until the worker restarts.
 */
export function keepSchedules(queues: JobQueues, config: WorkerConfig, logger: Logger): { close: () => void } {
  let running: Promise<void> | undefined;
  const check = () => {
    running ??= restoreMissingSchedules(queues, config)
      .then((restored) => {
        if (restored.length > 0) logger.warn({ schedules: restored }, 'schedules were missing from Redis: registered again');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not check the schedules; will try again'))
      .finally(() => (running = undefined));
  };
  queues.redis.on('ready', check);
  const timer = setInterval(check, config.SCHEDULE_CHECK_SECONDS * 1000);
  return {
    close: () => {
      clearInterval(timer);
      queues.redis.off('ready', check);
    },
  };
}
