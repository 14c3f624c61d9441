import { randomBytes } from 'node:crypto';
import { createMigratedDatabase, createTestRedisPrefix, dropDatabase, databaseUrl, testRedisUrl } from '@billops/testing/infra';

export type BenchEnv = {
  databaseName: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  encryptionKey: string;
  /** Environment for every process the bench starts (API, worker, seed). */
  processEnv: NodeJS.ProcessEnv;
  cleanup: () => Promise<void>;
};

/** The bench's own database (migrated with the real migrations) and Redis prefix, removed afterwards. */
export async function createBenchEnv(): Promise<BenchEnv> {
  const databaseName = `billops_bench_${randomBytes(3).toString('hex')}`;
  await createMigratedDatabase(databaseName);
  const redis = createTestRedisPrefix('bench');
  const encryptionKey = randomBytes(32).toString('base64');
  const url = databaseUrl(databaseName);
  return {
    databaseName,
    databaseUrl: url,
    redisUrl: testRedisUrl(),
    prefix: redis.prefix,
    encryptionKey,
    processEnv: {
      NODE_ENV: 'production',
      // The bench's providers are its own sandbox, which production refuses unless told.
      ALLOW_SANDBOX_IN_PRODUCTION: 'true',
      // Production's level: request and job logs are part of the cost being measured.
      LOG_LEVEL: 'info',
      DATABASE_URL: url,
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: redis.prefix,
      TOKEN_ENCRYPTION_KEY: encryptionKey,
      SCHEDULES_ENABLED: 'false',
    },
    cleanup: async () => {
      await redis.cleanup();
      await dropDatabase(databaseName);
    },
  };
}
