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
    for (let i = 0; i < 4; i += 1) waits.push(await limiter.tryAcquire([{ key: 'provider:google', limit }]));
    expect(waits.slice(0, 3)).toEqual([0, 0, 0]);
    expect(waits[3]).toBeGreaterThan(0);
    expect(waits[3]).toBeLessThanOrEqual(500);
  });

  it('keeps keys independent and shares one schedule between limiter instances', async () => {
    const a = new RedisRateLimiter(redis, prefix.prefix);
    const other = new Redis(testRedisUrl());
    const b = new RedisRateLimiter(other, prefix.prefix);
    const limit = { perSecond: 1, burst: 1 };
    expect(await a.tryAcquire([{ key: 'account:1', limit }])).toBe(0);
    expect(await b.tryAcquire([{ key: 'account:1', limit }])).toBeGreaterThan(0);
    expect(await b.tryAcquire([{ key: 'account:2', limit }])).toBe(0);
    other.disconnect();
  });

  it('never answers "go" without taking the slot when less than a millisecond remains', async () => {
    const limiter = new RedisRateLimiter(redis, prefix.prefix);
    // 3 per second: slots every 333.33 ms, so the last wait before the second slot is a fraction.
    const slot = { key: 'provider:fractional', limit: { perSecond: 3, burst: 1 } };
    const started = performance.now();
    expect(await limiter.tryAcquire([slot])).toBe(0);
    let granted = 0;
    // Until well past the second slot (333 ms) and well before the third (667 ms).
    while (performance.now() - started < 450) if ((await limiter.tryAcquire([slot])) === 0) granted += 1;
    expect(granted).toBe(1);
  });

  it('takes a slot under every key or under none: waiting on one budget does not use up another', async () => {
    const limiter = new RedisRateLimiter(redis, prefix.prefix);
    const provider = { key: 'provider:all-or-none', limit: { perSecond: 1, burst: 2 } };
    const busy = { key: 'account:busy', limit: { perSecond: 1, burst: 1 } };
    expect(await limiter.tryAcquire([busy])).toBe(0);
    // The account has no slot: the provider's is not taken either, however often this is asked.
    for (let i = 0; i < 3; i += 1) expect(await limiter.tryAcquire([provider, busy])).toBeGreaterThan(0);
    expect(await limiter.tryAcquire([provider, { key: 'account:idle', limit: busy.limit }])).toBe(0);
    expect(await limiter.tryAcquire([provider, { key: 'account:other', limit: busy.limit }])).toBe(0);
    expect(await limiter.tryAcquire([provider, { key: 'account:third', limit: busy.limit }])).toBeGreaterThan(0);
  });
});
