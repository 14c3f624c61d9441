import { executeStatement, Prisma, queryRows, withTransaction } from '@billops/db';
import type { Job, JobToAdd } from '@billops/queue';
import type { ServiceContext } from '../context.ts';
import { JOBS, type JobKey, type Jobs } from '../jobs/catalog.ts';
import { outboxJobId, type OutboxJobOptions } from './record-job.ts';

type OutboxRow = { id: string; jobKey: string; payload: unknown; options: OutboxJobOptions };

export type RelayResult = {
  /** Rows whose job Redis took (or already had: the same job id adds nothing). */
  relayed: number;
  /** The BullMQ job of each relayed row, by row id (a deduplicated add returns the job it joined). */
  jobs: Map<string, Job>;
};

const isKnownJob = (row: OutboxRow): row is OutboxRow & { jobKey: JobKey } =>
  Object.hasOwn(JOBS, row.jobKey) && JOBS[row.jobKey as JobKey].payload.safeParse(row.payload).success;

/**
 * One pass of the outbox relay: takes up to `batchSize` unrelayed rows (or just `ids`), adds their
 * jobs to BullMQ in one round trip per queue, and marks them relayed, all while holding the rows'
 * locks so concurrent relays (every worker, an API request relaying its own row) skip them.
 * The job id comes from the row: if this process dies after Redis took the jobs but before the
 * commit, the next pass adds the same ids again, which BullMQ ignores. If Redis does not take them,
 * the rows stay pending (their attempts and last error noted) and the error is thrown.
 */
export async function relayOutbox(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'logger'>,
  options: { batchSize?: number; ids?: string[] } = {},
): Promise<RelayResult> {
  const batchSize = options.batchSize ?? 500;
  const outcome = await withTransaction(ctx.prisma, async (tx) => {
    // Given rows are waited for if another relay holds them (it then either relayed them, and they
    // drop out, or failed and left them to us); a pass over the whole outbox skips locked rows.
    const only = options.ids ? Prisma.sql`AND id = ANY(${options.ids}::bigint[])` : Prisma.empty;
    const lock = options.ids ? Prisma.sql`FOR UPDATE` : Prisma.sql`FOR UPDATE SKIP LOCKED`;
    const rows = await queryRows<OutboxRow>(
      tx,
      Prisma.sql`
      SELECT id::text, job_key AS "jobKey", payload, options FROM job_outbox
      WHERE relayed_at IS NULL ${only}
      ORDER BY id LIMIT ${batchSize}
      ${lock}`,
    );
    if (rows.length === 0) return { relayed: 0, jobs: new Map<string, Job>() };
    const known = rows.filter(isKnownJob);
    const unknown = rows.filter((row) => !known.includes(row as (typeof known)[number]));
    if (unknown.length > 0) {
      // Written by a version of the code that knew this job (or a bug): retrying cannot help.
      ctx.logger.error(
        { ids: unknown.map((r) => r.id), jobKeys: unknown.map((r) => r.jobKey) },
        'outbox rows with an unknown job or an invalid payload were set aside',
      );
      await executeStatement(
        tx,
        Prisma.sql`UPDATE job_outbox SET relayed_at = now(), last_error = 'unknown job or invalid payload'
                   WHERE id = ANY(${unknown.map((r) => r.id)}::bigint[])`,
      );
    }
    const ids = known.map((row) => row.id);
    let added: Job[];
    try {
      added = await ctx.queues.enqueueMany(
        known.map((row): JobToAdd<Jobs> => ({
          key: row.jobKey,
          payload: row.payload as never,
          options: { ...row.options, jobId: outboxJobId(row) },
        })),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await executeStatement(
        tx,
        Prisma.sql`UPDATE job_outbox SET attempts = attempts + 1, last_error = ${message.slice(0, 500)} WHERE id = ANY(${ids}::bigint[])`,
      );
      return { error };
    }
    await executeStatement(
      tx,
      Prisma.sql`UPDATE job_outbox SET relayed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY(${ids}::bigint[])`,
    );
    return { relayed: known.length, jobs: new Map(known.map((row, i) => [row.id, added[i]!])) };
  });
  if ('error' in outcome) throw outcome.error;
  return outcome;
}

/** Counts of the outbox: rows waiting for Redis, and the oldest one's age (for /metrics and tests). */
export async function outboxBacklog(ctx: Pick<ServiceContext, 'prisma'>): Promise<{ pending: number; oldestCreatedAt: Date | null }> {
  const [row] = await queryRows<{ pending: number; oldest: Date | null }>(
    ctx.prisma,
    Prisma.sql`
    SELECT count(*)::int AS pending, min(created_at) AS oldest FROM job_outbox WHERE relayed_at IS NULL`,
  );
  return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldest ?? null };
}
