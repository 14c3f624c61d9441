import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const testRedisUrl = (): string => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue prefix unique to one test file, and a cleanup that deletes every key under it. */
export function createTestRedisPrefix(label = 'test'): { prefix: string; cleanup: () => Promise<void> } {
  const prefix = `billops-${label}-${randomBytes(4).toString('hex')}`;
  return {
    prefix,
    cleanup: async () => {
      const redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
