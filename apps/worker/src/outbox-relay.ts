import { relayOutbox } from '@billops/domain';
import type { WorkerContext } from './context.ts';

const MAX_BACKOFF_MS = 5_000;

/**
 * Moves jobs from the PostgreSQL outbox to BullMQ until closed: a full batch is followed at once by
 * the next, an empty one by a pause of OUTBOX_POLL_MS. While Redis (or PostgreSQL) is away each
 * failed pass is logged and retried with a growing pause, so nothing committed is left behind.
 */
export function startOutboxRelay(ctx: WorkerContext): { close: () => Promise<void> } {
  const { OUTBOX_POLL_MS: pollMs, OUTBOX_BATCH_SIZE: batchSize } = ctx.config;
  let stopped = false;
  let wake: () => void = () => undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    let backoffMs = 0;
    while (!stopped) {
      try {
        const { relayed } = await relayOutbox(ctx, { batchSize });
        if (backoffMs > 0) ctx.logger.info({ relayed }, 'outbox relay: moving jobs to Redis again');
        backoffMs = 0;
        if (relayed === batchSize) continue;
        await pause(pollMs);
      } catch (error) {
        backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(pollMs, backoffMs * 2));
        ctx.logger.warn({ err: error, retryInMs: backoffMs }, 'outbox relay: jobs wait in PostgreSQL until Redis takes them');
        await pause(backoffMs);
      }
    }
  })();
  return {
    close: async () => {
      stopped = true;
      wake();
      await loop;
    },
  };
}
