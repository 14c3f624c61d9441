import type { Logger } from '@billops/core';
import { JOBS, type JobDefinition, type JobKey, type JobQueues } from '@billops/domain';
import { bullmqJobOptions } from '@billops/queue';
import type { WorkerConfig } from './config.ts';

type Schedule = { id: string; job: JobKey; pattern: string; payload: unknown };

/**
 * Every repeatable job, by scheduler id, from the schedules the job definitions declare (their cron
 * comes from config). Changing a cron in config and restarting updates its scheduler in place.
 */
export function schedulesFor(config: WorkerConfig): Schedule[] {
  return Object.entries(JOBS).flatMap(([key, definition]: [string, JobDefinition]) =>
    (definition.schedules ?? []).map((schedule) => ({
      id: schedule.id,
      job: key as JobKey,
      pattern: config[schedule.cron],
      payload: schedule.payload,
    })),
  );
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
      { name: job.name, data: job.payload.parse(schedule.payload), opts: bullmqJobOptions(job) },
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
