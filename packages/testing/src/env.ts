import { randomBytes } from 'node:crypto';
import { testRedisUrl } from './redis.ts';

/** A complete, valid environment for building app configs in tests. */
export function testEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
    REDIS_URL: testRedisUrl(),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // OWASP-strength scrypt costs ~0.2 s of CPU per hash; tests hash hundreds of passwords.
    PASSWORD_SCRYPT_LOG2_N: '12',
    ...overrides,
  };
}
