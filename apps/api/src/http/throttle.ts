import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@billops/core';

function tooManyAttempts(res: Response, state: RateLimiterRes): never {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
  throw new AppError('rate_limited', 'Too many attempts; try again later', { reason: 'too_many_attempts' });
}

export type AttemptLimit = { points: number; windowSeconds: number };

/**
 * Counts attempts per key (an IP, an account) in Redis, so every API process shares the counts
 * (rate-limiter-flexible: atomic Lua counters with expiry). An attempt is taken before the work it
 * guards, so concurrent guesses cannot slip past the limit; a success gives its point back.
 */
export class AttemptThrottle {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, keyPrefix: string, limit: AttemptLimit) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: limit.points, duration: limit.windowSeconds });
  }

  /** Takes one attempt for `key`; over the limit throws 429 with Retry-After set on `res`. */
  async take(res: Response, key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (error) {
      if (error instanceof RateLimiterRes) tooManyAttempts(res, error);
      throw error;
    }
  }

  /** Throws 429 when `key` has no attempt left, without taking one. */
  async assertNotExhausted(res: Response, key: string): Promise<void> {
    const state = await this.limiter.get(key);
    if (state && state.consumedPoints >= this.limiter.points) tooManyAttempts(res, state);
  }

  /** Gives back an attempt that turned out to be legitimate. */
  async giveBack(key: string): Promise<void> {
    await this.limiter.reward(key);
  }

  /** Records a failure without a pre-check (for paths where only failures count). */
  async fail(key: string): Promise<void> {
    await this.limiter.penalty(key);
  }
}
