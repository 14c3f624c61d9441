import { baseEnvSchema, loadConfig } from '@billops/core';
import { checkProviderCredentials, providerEnvSchema } from '@billops/providers';
import { z } from 'zod';
import { isValidCron } from '@billops/domain';

const cron = (fallback: string) => z.string().default(fallback).refine(isValidCron, 'must be a cron pattern, e.g. "0 * * * *"');
const concurrency = (fallback: number) => z.coerce.number().int().min(1).max(256).default(fallback);

export const workerEnvSchema = baseEnvSchema.extend(providerEnvSchema.shape).extend({
  CALENDAR_CONCURRENCY: concurrency(4),
  NOTIFICATIONS_CONCURRENCY: concurrency(8),
  MAINTENANCE_CONCURRENCY: concurrency(1),
  /** How long SIGTERM waits for in-flight jobs before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Incremental sync of every calendar (the fan-out spreads the jobs over the interval). */
  CALENDAR_SYNC_CRON: cron('0 * * * *'),
  /** Daily pass re-fetching each calendar's whole window, so events that slide into it are caught. */
  CALENDAR_FULL_SYNC_CRON: cron('30 3 * * *'),
  /** Refresh every access token that would expire before the next run. */
  TOKEN_REFRESH_CRON: cron('0 */12 * * *'),
  /** How often the daily-summary tick looks for users whose local summary time has come. */
  DAILY_SUMMARY_CRON: cron('*/5 * * * *'),
  /** How often the review-nudge tick looks for users whose local nudge time (default 17:30) has come. */
  REVIEW_NUDGE_CRON: cron('*/5 * * * *'),
  REAPER_CRON: cron('*/5 * * * *'),
  /** How often timers left running past 12 hours are looked for (and stopped at the 12-hour mark). */
  TIMER_SWEEP_CRON: cron('*/5 * * * *'),
  /** A sync still "running" after this long is reset by the reaper. */
  SYNC_STUCK_AFTER_MINUTES: z.coerce.number().int().positive().default(30),
  /** Fraction of the sync interval the fan-out spreads jobs over. */
  SYNC_SPREAD_FRACTION: z.coerce.number().min(0).max(1).default(0.8),
  /** Stall detection: a job whose worker stopped renewing its lock is retried after about this long. */
  WORKER_LOCK_DURATION_MS: z.coerce.number().int().positive().default(30_000),
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().positive().default(30_000),
  /** The calendar sync window: days before and after now. */
  CALENDAR_SYNC_PAST_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  CALENDAR_SYNC_FUTURE_DAYS: z.coerce.number().int().min(1).max(730).default(30),
  /** In-job retries of rate-limited/transient provider calls (BullMQ retries the job after these). */
  PROVIDER_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  PROVIDER_RETRY_BASE_DELAY_MS: z.coerce.number().int().min(0).default(500),
  /**
   * CPU priority (nice, 0-19) of the worker process. Where it shares a machine with the API, jobs
   * yield the CPU to requests, which have deadlines (Slack waits 3 s for /time); 0 leaves it as is.
   */
  WORKER_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
  /** How often the outbox relay looks for jobs to move to Redis when it found none last time. */
  OUTBOX_POLL_MS: z.coerce.number().int().positive().default(200),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /** Relayed outbox rows are kept this long (longer than the reconciler looks back). */
  OUTBOX_RETENTION_DAYS: z.coerce.number().positive().default(7),
  /** The reconciler: work with no delivery after this long is recorded again, once; older than the horizon is left alone. */
  RECONCILE_CRON: cron('*/5 * * * *'),
  RECONCILE_AFTER_MINUTES: z.coerce.number().positive().default(15),
  RECONCILE_HORIZON_HOURS: z.coerce.number().positive().default(48),
  /** How often the worker checks that every schedule still exists in Redis (it also checks on every reconnect). */
  SCHEDULE_CHECK_SECONDS: z.coerce.number().positive().default(60),
  /** At start, how long Redis may stay unreachable before the worker gives up and exits non-zero. */
  REDIS_STARTUP_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
  /** Register the repeatable schedules at start (tests that drive jobs by hand turn it off). */
  SCHEDULES_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export const loadWorkerConfig = (source?: NodeJS.ProcessEnv): WorkerConfig =>
  loadConfig(workerEnvSchema.superRefine(checkProviderCredentials), source);
