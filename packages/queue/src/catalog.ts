import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

/** Every BullMQ queue of the product. Producers and consumers both use these names. */
export const QUEUE_NAMES = ['calendar', 'notifications', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** How often a job runs before it counts as failed, and how long it waits between runs. */
export type RetryPolicy = {
  /** Runs in all, the first one included. */
  attempts: number;
  /**
   * Wait before the first retry (ms); each later one doubles, with up to 50% jitter so retries of
   * many jobs spread out. @defaultValue none: a failed run is retried at once
   */
  backoffMs?: number;
};

/** How many completed jobs of a type Redis keeps, and for how long. Failed ones are kept 14 days (5,000 at most). */
export type CompletedRetention = { count: number; ageSeconds?: number };

/** What the queue package needs to know of a job type: its BullMQ name and queue, payload schema, retries and retention. */
export type QueueJob = {
  name: string;
  queue: QueueName;
  /** Validates the payload at both ends: the producer before adding it, the worker before running it. */
  payload: z.ZodType;
  retry: RetryPolicy;
  keepCompleted: CompletedRetention;
};

/** A job catalog: the job types by key. The domain owns the product's (packages/domain/src/jobs/catalog.ts). */
export type JobCatalog = Record<string, QueueJob>;

export type CatalogKey<C extends JobCatalog> = keyof C & string;
/** A payload as producers write it (zod defaults not applied yet). */
export type CatalogPayload<C extends JobCatalog, K extends CatalogKey<C>> = z.input<C[K]['payload']>;
/** A payload as the worker's handler gets it (parsed, defaults applied). */
export type ParsedCatalogPayload<C extends JobCatalog, K extends CatalogKey<C>> = z.output<C[K]['payload']>;

const KEEP_FAILED = { age: 14 * 24 * 3600, count: 5000 };

/** The BullMQ options a job type's policy stands for. */
export function bullmqJobOptions(job: QueueJob): JobsOptions {
  const { retry, keepCompleted } = job;
  return {
    attempts: retry.attempts,
    ...(retry.backoffMs === undefined ? {} : { backoff: { type: 'exponential', delay: retry.backoffMs, jitter: 0.5 } }),
    removeOnComplete: { ...(keepCompleted.ageSeconds === undefined ? {} : { age: keepCompleted.ageSeconds }), count: keepCompleted.count },
    removeOnFail: KEEP_FAILED,
  };
}
