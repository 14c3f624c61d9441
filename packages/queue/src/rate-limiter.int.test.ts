import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix, testRedisUrl } from '@billops/testing';
import { RedisRateLimiter } from './rate-limiter.ts';

const prefix = createTestRedisPrefix('ratelimit');
const redis = new Redis(testRedisUrl());
afterAll(async () => {
  redis.disconnect();
  await prefix.cleanup();
});

describe('RedisRateLimiter', () => {
  it('allows the burst, then asks callers to wait about one interval', async () => {
    const limiter = new RedisRateLimiter(redis, prefix.prefix);
    const limit = { perSecond: 2, burst: 3 };
    const waits: number[] = [];
    for (let i = 0; i < 4; i += 1) waits.push(await limiter.tryAcquire('provider:google', limit));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[3]).toBeLessThanOrEqual(500);
  });

  it('keeps keys independent and shares one schedule between limiter instances', async () => {
    const a = new RedisRateLimiter(redis, prefix.prefix);
    const other = new Redis(testRedisUrl());
    const b = new RedisRateLimiter(other, prefix.prefix);
    const limit = { perSecond: 1, burst: 1 };
    expect(await a.tryAcquire('account:1', limit)).toBe(0);
    expect(await b.tryAcquire('account:1', limit)).toBeGreaterThan(0);
    expect(await b.tryAcquire('account:2', limit)).toBe(0);
    other.disconnect();
  });
});
