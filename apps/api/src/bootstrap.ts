import { createLogger, TokenVault } from '@billops/core';
import { createPrismaClient } from '@billops/db';
import { createProviderClients, resolveProviderSettings } from '@billops/providers';
import { JobQueues, RedisRateLimiter } from '@billops/queue';
import type { ApiConfig } from './config.ts';
import type { AppDeps } from './context.ts';

/** Builds the real dependencies from config; `close` releases them in reverse order. */
export function buildDeps(config: ApiConfig): AppDeps & { close: () => Promise<void> } {
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'api' });
  const prisma = createPrismaClient({ databaseUrl: config.DATABASE_URL });
  const queues = new JobQueues({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX });
  queues.redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const vault = TokenVault.fromConfig(config);
  return {
    config,
    prisma,
    queues,
    vault,
    logger,
    providers: createProviderClients(resolveProviderSettings(config), new RedisRateLimiter(queues.redis, config.QUEUE_PREFIX)),
    close: async () => {
      await queues.close();
      await prisma.$disconnect();
    },
  };
}
