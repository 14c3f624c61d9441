import type { QueueJob } from '@billops/queue';
import type { z } from 'zod';
import type { ServiceContext } from '../context.ts';

/** The worker settings holding each schedule's cron (5 fields, UTC); the worker's config parses them. */
export type CronSetting =
  | 'CALENDAR_SYNC_CRON'
  | 'CALENDAR_FULL_SYNC_CRON'
  | 'TOKEN_REFRESH_CRON'
  | 'DAILY_SUMMARY_CRON'
  | 'REVIEW_NUDGE_CRON'
  | 'REAPER_CRON'
  | 'RECONCILE_CRON'
  | 'TIMER_SWEEP_CRON';

/** The settings job handlers read, besides the crons; the worker's config (apps/worker/src/config.ts) has them all. */
export type JobSettings = Record<CronSetting, string> & {
  SYNC_SPREAD_FRACTION: number;
  SYNC_STUCK_AFTER_MINUTES: number;
  CALENDAR_SYNC_PAST_DAYS: number;
  CALENDAR_SYNC_FUTURE_DAYS: number;
  PROVIDER_RETRY_ATTEMPTS: number;
  PROVIDER_RETRY_BASE_DELAY_MS: number;
  RECONCILE_AFTER_MINUTES: number;
  RECONCILE_HORIZON_HOURS: number;
  OUTBOX_RETENTION_DAYS: number;
};

export type JobContext = ServiceContext & { config: JobSettings };

/** What a handler may know of the queue's job: its id (ours, or BullMQ's) and when it was added (ms). */
export type JobRef = { id?: string | undefined; timestamp: number };

/** Runs one job: calls the domain's use cases; its result is logged and kept with the completed job. */
export type JobHandler<Payload> = (ctx: JobContext, payload: Payload, job: JobRef) => Promise<unknown>;

/**
 * A repeatable run of a job. `id` is the BullMQ job scheduler's: upserted by id, so any number of
 * workers and restarts leave one. These ids keep their `:` (scheduler ids are not job ids, and a
 * new id would leave the old scheduler running beside it in Redis after an upgrade).
 */
export type JobSchedule<Payload> = { id: string; cron: CronSetting; payload: Payload };

/**
 * A job type: what the queue needs (name, queue, payload schema, retries, retention) and what the
 * worker applies around its handler. Its handler sits beside it, in handler.ts of the same folder.
 */
export type JobDefinition<P extends z.ZodType = z.ZodType> = QueueJob & {
  payload: P;
  schedules?: readonly JobSchedule<z.input<P>>[];
  /**
   * Which failures are worth retrying. A failure it rejects (a gone grant, a missing resource, a
   * rejected request) fails the job at once. @defaultValue every failure is retried until the
   * attempts run out
   */
  isRetryable?: (error: unknown) => boolean;
  /**
   * The job posts to Slack: the worker pauses the queue for Slack's Retry-After on a 429 (the job
   * waits without using an attempt), and a Slack failure retrying cannot fix fails it at once.
   */
  callsSlack?: boolean;
};

/** Checks a definition (schedules against its payload schema) and keeps its exact type, job-id functions included. */
export const defineJob = <P extends z.ZodType, D extends JobDefinition<P>>(definition: D & { payload: P }): D => definition;

/** The handler type for a definition: it gets the payload as the definition's schema parses it. */
export type HandlerFor<D extends JobDefinition> = JobHandler<z.output<D['payload']>>;
