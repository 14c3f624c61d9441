import { Worker } from 'bullmq';
import { QUEUE_NAMES, createRedisConnection, type QueueName } from '@billops/queue';
import type { WorkerConfig } from './config.ts';
import type { WorkerContext } from './context.ts';
import { startOutboxRelay } from './outbox-relay.ts';
import { createProcessor, type HandlerRegistry } from './processor.ts';

const concurrencyFor = (config: WorkerConfig, queue: QueueName): number =>
  ({ calendar: config.CALENDAR_CONCURRENCY, notifications: config.NOTIFICATIONS_CONCURRENCY, maintenance: config.MAINTENANCE_CONCURRENCY })[
    queue
  ];

export type RunningWorkers = { workers: Worker[]; close: () => Promise<void> };

/**
 * Starts one BullMQ Worker per queue and the outbox relay that feeds them. `close` stops relaying
 * and taking jobs, and waits for in-flight ones.
 */
export async function startWorkers(ctx: WorkerContext, handlers?: HandlerRegistry): Promise<RunningWorkers> {
  const processor = createProcessor(ctx, handlers);
  // BullMQ never closes a connection it was handed, so these are quit after their workers close.
  const connections = QUEUE_NAMES.map(() => createRedisConnection(ctx.config.REDIS_URL));
  const workers = QUEUE_NAMES.map(
    (queue, index) =>
      new Worker(queue, processor, {
        connection: connections[index]!,
        prefix: ctx.config.QUEUE_PREFIX,
        concurrency: concurrencyFor(ctx.config, queue),
        // A job whose worker died (SIGKILL) is picked up again once its lock expires unrenewed.
        lockDuration: ctx.config.WORKER_LOCK_DURATION_MS,
        stalledInterval: ctx.config.WORKER_STALLED_INTERVAL_MS,
        maxStalledCount: 2,
        // Needed for queue.rateLimit() to pause every worker of the queue (Slack 429 → Retry-After); the
        // cap itself is generous: Slack's own limits are enforced by honouring its 429s.
        ...(queue === 'notifications' ? { limiter: { max: 100, duration: 1_000 } } : {}),
      }),
  );
  for (const worker of workers) {
    worker.on('error', (error) => ctx.logger.error({ err: error, queue: worker.name }, 'worker error'));
  }
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  const relay = startOutboxRelay(ctx);
  return {
    workers,
    close: async () => {
      await relay.close();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(connections.map((c) => c.quit().catch(() => undefined)));
    },
  };
}
