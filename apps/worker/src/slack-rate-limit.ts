import { UnrecoverableError, Worker } from 'bullmq';
import { isRetryableFailure } from '@billops/domain';
import { isProviderError } from '@billops/providers';
import type { QueueName } from '@billops/queue';
import type { WorkerContext } from './context.ts';

/** Floor for a rate-limit pause when Slack's Retry-After is missing or zero. */
const MIN_PAUSE_MS = 1_000;

/**
 * Runs a job whose definition says it calls Slack. A 429 (the WebClient rejects instead of
 * waiting) pauses the whole queue for Retry-After with BullMQ's rate limiter and hands the job back
 * to the wait list without using up an attempt: nothing blocks a worker slot, nothing is dropped.
 * A revoked token or a deleted user cannot be fixed by retrying, so those fail at once.
 */
export async function withSlackRateLimit<T>(ctx: WorkerContext, queue: QueueName, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isProviderError(error) && error.kind === 'rate_limited') {
      const pauseMs = Math.max(MIN_PAUSE_MS, error.retryAfterMs ?? 0);
      ctx.logger.info({ pauseMs, providerCode: error.providerCode }, 'slack rate limited: queue paused, job re-queued');
      await ctx.queues.queues[queue].rateLimit(pauseMs);
      throw Worker.RateLimitError();
    }
    if (isProviderError(error) && !isRetryableFailure(error)) throw new UnrecoverableError(`slack ${error.kind}: ${error.message}`);
    throw error;
  }
}
