import { UnrecoverableError, type Job } from 'bullmq';
import { logContext } from '@billops/core';
import {
  JOBS,
  JOB_HANDLERS,
  jobKeyForName,
  type JobDefinition,
  type JobHandlers,
  type JobKey,
  type ParsedJobPayload,
} from '@billops/domain';
import { recordJobOutcome, type JobOutcome } from '@billops/queue';
import type { WorkerContext } from './context.ts';
import { withSlackRateLimit } from './slack-rate-limit.ts';

/** Handlers by catalog key (the domain's JOB_HANDLERS; tests may hand in others); a job type without one fails unrecoverably. */
export type HandlerRegistry = Partial<JobHandlers>;

/**
 * Runs a job's handler with what its definition declares, in BullMQ's terms: Slack pacing for jobs
 * that call Slack, and failures the definition's `isRetryable` rejects thrown as UnrecoverableError
 * (BullMQ then fails the job at once instead of retrying it).
 */
export async function runJob<K extends JobKey>(
  ctx: WorkerContext,
  key: K,
  payload: ParsedJobPayload<K>,
  job: Pick<Job, 'id' | 'timestamp'>,
  handlers: HandlerRegistry = JOB_HANDLERS,
): Promise<unknown> {
  const definition: JobDefinition = JOBS[key];
  const handler = handlers[key] as JobHandlers[K] | undefined;
  if (!handler) throw new UnrecoverableError(`no handler for job ${definition.name}`);
  const run = async () => {
    try {
      return await handler(ctx, payload as never, { id: job.id, timestamp: job.timestamp });
    } catch (error) {
      if (definition.isRetryable && !definition.isRetryable(error))
        throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
      throw error;
    }
  };
  return definition.callsSlack ? withSlackRateLimit(ctx, definition.queue, run) : run();
}

/**
 * One processor per queue: finds the job's catalog entry, validates its payload with the same zod
 * schema the producer used, runs the handler (runJob) and logs the outcome with its duration.
 */
export function createProcessor(ctx: WorkerContext, handlers: HandlerRegistry = JOB_HANDLERS) {
  return async (job: Job): Promise<unknown> => {
    const key = jobKeyForName(job.name);
    if (!key || !handlers[key]) throw new UnrecoverableError(`no handler for job ${job.name}`);
    const parsed = JOBS[key].payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
    // The job's id and name come from the log context, so lines the handler's modules write carry them too.
    const log = ctx.logger.child({ queue: job.queueName, attempt: job.attemptsMade + 1 });
    const startedAt = performance.now();
    const finish = async (outcome: JobOutcome) => {
      const durationMs = Math.round(performance.now() - startedAt);
      // Metrics are best effort: a Redis hiccup here must not fail a job that did its work.
      await recordJobOutcome(ctx.queues.redis, ctx.config.QUEUE_PREFIX, { queue: job.queueName, job: job.name, outcome, durationMs }).catch(
        (error: unknown) => log.warn({ err: error }, 'could not record job metrics'),
      );
      return durationMs;
    };
    return logContext.run({ jobId: job.id ?? '', job: job.name }, async () => {
      try {
        const result = await runJob({ ...ctx, logger: log }, key, parsed.data as never, job, handlers);
        log.info({ outcome: 'completed', durationMs: await finish('completed'), result }, 'job completed');
        return result;
      } catch (error) {
        log.warn({ outcome: 'failed', durationMs: await finish('failed'), err: error }, 'job failed');
        throw error;
      }
    });
  };
}
