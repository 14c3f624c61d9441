import { UnrecoverableError, type Job } from 'bullmq';
import { logContext } from '@billops/core';
import { JOBS, jobKeyForName, recordJobOutcome, type JobKey, type JobOutcome } from '@billops/queue';
import type { WorkerContext } from './context.ts';
import type { HandlerRegistry, JobHandler } from './jobs/registry.ts';

/**
 * One processor per queue: finds the job's catalog entry, validates its payload with the same zod
 * schema the producer used, runs the handler and logs the outcome with its duration.
 */
export function createProcessor(ctx: WorkerContext, handlers: HandlerRegistry) {
  return async (job: Job): Promise<unknown> => {
    const key = jobKeyForName(job.name);
    const handler = key ? (handlers[key] as JobHandler<JobKey> | undefined) : undefined;
    if (!key || !handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
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
        const result = await handler({ ...ctx, logger: log }, parsed.data as never, job);
        log.info({ outcome: 'completed', durationMs: await finish('completed'), result }, 'job completed');
        return result;
      } catch (error) {
        log.warn({ outcome: 'failed', durationMs: await finish('failed'), err: error }, 'job failed');
        throw error;
      }
    });
  };
}
