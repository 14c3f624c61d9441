import type { Logger, TokenVault } from '@billops/core';
import type { PrismaClient } from '@billops/db';
import type { ProviderClients } from '@billops/providers';
import type { JobQueues } from '@billops/queue';

/**
 * What domain services need from the outside world, handed in by the app that owns each piece.
 * Services never reach for globals, so tests pass real PostgreSQL/Redis-backed instances.
 */
export type ServiceContext = {
  prisma: PrismaClient;
  queues: JobQueues;
  vault: TokenVault;
  logger: Logger;
  providers: ProviderClients;
  /** Injectable clock so time-dependent rules are testable. */
  now: () => Date;
};
