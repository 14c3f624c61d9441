import { createLogger, type Logger } from '@billops/core';
import { createServiceContext } from '@billops/domain';
import { createTestClock, createTestRedisPrefix, testEnv, useTestDatabase, type TestClock, type TestDatabase } from '@billops/testing';
import { loadWorkerConfig } from '../config.ts';
import type { WorkerContext } from '../context.ts';

export type TestWorkerContext = {
  ctx: WorkerContext;
  db: TestDatabase;
  /** The context's clock: the real time unless a test sets it. */
  clock: TestClock;
  close: () => Promise<void>;
};

/**
 * A real worker context for one test file: its own database, its own Redis prefix, real provider
 * clients (point them at a sandbox with `SANDBOX_URL`). Pass `db` to share a database with an API harness.
 */
export async function createTestWorkerContext(
  overrides: Record<string, string> = {},
  options: { db?: TestDatabase; logger?: Logger } = {},
): Promise<TestWorkerContext> {
  const db = options.db ?? (await useTestDatabase());
  const redis = overrides.QUEUE_PREFIX ? undefined : createTestRedisPrefix('worker');
  const config = loadWorkerConfig(testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis?.prefix, SCHEDULES_ENABLED: 'false', ...overrides }));
  const clock = createTestClock();
  const ctx: WorkerContext = {
    ...createServiceContext({ config, prisma: db.prisma, logger: options.logger ?? createLogger({ level: 'silent' }) }),
    config,
    now: clock.now,
  };
  const { queues } = ctx;
  return {
    ctx,
    db,
    clock,
    close: async () => {
      await queues.close();
      await redis?.cleanup();
      if (!options.db) await db.drop();
    },
  };
}
