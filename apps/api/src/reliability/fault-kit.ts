/**
 * Test kit for the fault-injection suite: the sandbox, the API and a worker context sharing one
 * database, with a Redis server of the test file's own (killed and restarted at will). Workers are
 * started by the test, so it can choose when jobs run. Not a test file itself.
 */
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { startPrivateRedis, startTcpProxy, type PrivateRedis, type TcpProxy } from '@billops/testing';
import { Prisma, queryRows } from '@billops/db';
// Test-only reach into the worker app: end-to-end tests need the real worker beside the API.
import type { HandlerRegistry } from '../../../worker/src/processor.ts';
import { createTestWorkerContext, type TestWorkerContext } from '../../../worker/src/testing/harness.ts';
import { startWorkers, type RunningWorkers } from '../../../worker/src/worker.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';

export type FaultKit = {
  sandbox: RunningSandbox;
  redis: PrivateRedis;
  /** Between the API and its Redis (the worker connects directly), to partition them. */
  apiRedisProxy: TcpProxy;
  t: TestApp;
  w: TestWorkerContext;
  workers: RunningWorkers | undefined;
  startWorkers: (handlers?: HandlerRegistry) => Promise<RunningWorkers>;
  close: () => Promise<void>;
};

/** Bounds kept short so outages show quickly, yet generous for a loaded two-core machine. */
const FAST = { REDIS_COMMAND_TIMEOUT_SECONDS: '0.5' };

export async function startFaultKit(apiEnv: Record<string, string> = {}, workerEnv: Record<string, string> = {}): Promise<FaultKit> {
  const redis = await startPrivateRedis();
  const apiRedisProxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
  const sandbox = await startSandbox();
  const t = await createTestApp({ SANDBOX_URL: sandbox.url, REDIS_URL: apiRedisProxy.urlFor(redis.url), ...FAST, ...apiEnv });
  const shared = {
    SANDBOX_URL: sandbox.url,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: t.deps.config.QUEUE_PREFIX,
    TOKEN_ENCRYPTION_KEY: t.deps.config.TOKEN_ENCRYPTION_KEY,
  };
  const w = await createTestWorkerContext({ ...shared, ...FAST, OUTBOX_POLL_MS: '50', ...workerEnv }, { db: t.db });
  const kit: FaultKit = {
    sandbox,
    redis,
    apiRedisProxy,
    t,
    w,
    workers: undefined,
    startWorkers: async (handlers) => (kit.workers = await startWorkers(w.ctx, handlers)),
    close: async () => {
      await kit.workers?.close();
      await w.close();
      await t.close();
      await sandbox.close();
      await apiRedisProxy.close();
      await redis.close();
    },
  };
  return kit;
}

/** Runs `send` and measures how long its answer took (ms). */
export async function timed<T>(send: () => PromiseLike<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await send();
  return { value, ms: performance.now() - started };
}

/** Outbox rows still waiting for Redis. */
export async function pendingOutbox(kit: FaultKit): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    kit.t.db.prisma,
    Prisma.sql`SELECT count(*)::int AS n FROM job_outbox WHERE relayed_at IS NULL`,
  );
  return row!.n;
}

/** Resolves once no job is waiting, delayed or running in any queue and the outbox is empty. */
export async function quiescent(kit: FaultKit): Promise<boolean> {
  if ((await pendingOutbox(kit)) > 0) return false;
  // Through the worker's connection, which reaches Redis directly (the API's may be partitioned).
  for (const queue of Object.values(kit.w.ctx.queues.queues)) {
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
    if (Object.values(counts).some((n) => n > 0)) return false;
  }
  return true;
}
