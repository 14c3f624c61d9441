import { Prisma, queryRows, type Db } from '@billops/db';
import { assertJobId } from '@billops/queue';
import { JOBS, type JobKey, type JobPayload } from '../jobs/catalog.ts';

/** The BullMQ options an outbox row carries to the relay. */
export type OutboxJobOptions = {
  /** The job's id in BullMQ; without one the relay uses `outbox-<row id>`. Letters, digits, dashes. */
  jobId?: string;
  delay?: number;
  deduplication?: { id: string };
};

/**
 * Records a job in the transactional outbox instead of adding it to Redis. Call it with the same
 * transaction (`tx`) as the work that needs the job: the job exists exactly when that work is
 * committed, and the worker's relay moves it to BullMQ whenever Redis takes it. `dedupeKey`
 * records it at most once ever (a second call returns undefined). Returns the row id.
 */
export async function recordJob<K extends JobKey>(
  db: Db,
  key: K,
  payload: JobPayload<K>,
  options: OutboxJobOptions & { dedupeKey?: string } = {},
): Promise<string | undefined> {
  const { dedupeKey, ...jobOptions } = options;
  if (jobOptions.jobId) assertJobId(jobOptions.jobId);
  const data = JOBS[key].payload.parse(payload);
  const [row] = await queryRows<{ id: string }>(
    db,
    Prisma.sql`
    INSERT INTO job_outbox (job_key, payload, options, dedupe_key)
    VALUES (${key}, ${JSON.stringify(data)}::jsonb, ${JSON.stringify(jobOptions)}::jsonb, ${dedupeKey ?? null})
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id::text`,
  );
  return row?.id;
}

/** The BullMQ job id of an outbox row: the producer's, or one made from the row id. */
export const outboxJobId = (row: { id: string; options: OutboxJobOptions }): string => row.options.jobId ?? `outbox-${row.id}`;
