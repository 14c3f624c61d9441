import { TokenVault, type BaseEnv, type Logger } from '@billops/core';
import { PasswordHasher } from './auth/password.ts';
import type { PrismaClient } from '@billops/db';
import { createProviderClients, resolveProviderSettings, type ProviderClients, type ProviderEnv } from '@billops/providers';
import { RedisRateLimiter } from '@billops/queue';
import { JobQueues } from './jobs/queues.ts';

/**
 * What domain services need from the outside world, handed in by the app that owns each piece.
 * Services never reach for globals, so tests pass real PostgreSQL/Redis-backed instances.
 */
export type ServiceContext = {
  prisma: PrismaClient;
  queues: JobQueues;
  vault: TokenVault;
  passwords: PasswordHasher;
  logger: Logger;
  providers: ProviderClients;
  /** Injectable clock so time-dependent rules are testable. */
  now: () => Date;
};

/**
 * The one wiring of a ServiceContext from configuration: the job queues, the token vault and the
 * provider clients paced through Redis. The API, the worker, their test harnesses and the
 * benchmarks all build their context here, so none can forget a piece (pacing, say).
 */
export function createServiceContext(input: { config: BaseEnv & ProviderEnv; prisma: PrismaClient; logger: Logger }): ServiceContext {
  const { config } = input;
  const queues = new JobQueues({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    enqueueTimeoutMs: Math.round(config.REDIS_COMMAND_TIMEOUT_SECONDS * 1000),
  });
  return {
    prisma: input.prisma,
    logger: input.logger,
    queues,
    vault: TokenVault.fromConfig(config),
    passwords: new PasswordHasher(config.PASSWORD_SCRYPT_LOG2_N),
    providers: createProviderClients(resolveProviderSettings(config), new RedisRateLimiter(queues.redis, config.QUEUE_PREFIX)),
    now: () => new Date(),
  };
}
