import { createLogger } from '@billops/core';
import { createPrismaClient, databaseTimeouts } from '@billops/db';
import { createServiceContext } from '@billops/domain';
import type { ApiConfig } from './config.ts';
import type { AppDeps } from './context.ts';

/** Builds the real dependencies from config; `close` releases them in reverse order. */
export function buildDeps(config: ApiConfig): AppDeps & { close: () => Promise<void> } {
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
  const prisma = createPrismaClient({ databaseUrl: config.DATABASE_URL, timeouts: databaseTimeouts(config) });
  const ctx = createServiceContext({ config, prisma, logger });
  const { queues } = ctx;
  queues.redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  return {
    ...ctx,
    config,
    close: async () => {
      await queues.close();
      await prisma.$disconnect();
    },
  };
}
