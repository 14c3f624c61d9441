import type { Logger, TokenVault } from '@billops/core';
import type { PrismaClient } from '@billops/db';
import type { ProviderClients } from '@billops/providers';
import type { JobQueues, PasswordHasher, ServiceContext } from '@billops/domain';
import type { ApiConfig } from './config.ts';

/** Everything createApp needs; the server entry builds it from config, tests build it from real services. */
export type AppDeps = {
  config: ApiConfig;
  prisma: PrismaClient;
  queues: JobQueues;
  vault: TokenVault;
  passwords: PasswordHasher;
  logger: Logger;
  providers: ProviderClients;
  now?: () => Date;
};

/** AppDeps resolved for route modules: the domain's ServiceContext plus the API config. */
export type RouteContext = ServiceContext & { config: ApiConfig };
