import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '@billops/core';

function tooManyAttempts(res: Response, state: RateLimiterRes): never {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(state.msBeforeNext / 1000))));
  throw new AppError('rate_limited', 'Too many attempts; try again later', { reason: 'too_many_attempts' });
}

export type AttemptLimit = {
  points: number;
  windowSeconds: number;
  /**
   * For paths that must keep working without Redis (Slack's webhooks, answered within 3 s): a
   * counter call that fails or takes longer than this lets the request through instead.
   */
  failOpenAfterMs?: number;
};

/**
 * Counts attempts per key (an IP, an account) in Redis, so every API process shares the counts
 * (rate-limiter-flexible: atomic Lua counters with expiry). An attempt is taken before the work it
 * guards, so concurrent guesses cannot slip past the limit; a success gives its point back.
 */
export class AttemptThrottle {
  private readonly limiter: RateLimiterRedis;
  private readonly failOpenAfterMs: number | undefined;

  constructor(redis: Redis, keyPrefix: string, limit: AttemptLimit) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: limit.points, duration: limit.windowSeconds });
    this.failOpenAfterMs = limit.failOpenAfterMs;
  }

  /** Runs a counter call; in fail-open mode an error or a slow Redis yields `undefined` instead. */
  private async counter<T>(call: () => Promise<T>): Promise<T | undefined> {
    if (this.failOpenAfterMs === undefined) return call();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), this.failOpenAfterMs)));
    try {
      return await Promise.race([call().catch(() => undefined), late]);
    } finally {
      clearTimeout(timer);
    }
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
    const state = await this.counter(() => this.limiter.get(key));
    if (state && state.consumedPoints >= this.limiter.points) tooManyAttempts(res, state);
  }

  /** Gives back an attempt that turned out to be legitimate. */
  async giveBack(key: string): Promise<void> {
    await this.limiter.reward(key);
  }

  /** Records a failure without a pre-check (for paths where only failures count). */
  async fail(key: string): Promise<void> {
    await this.counter(() => this.limiter.penalty(key));
  }
}
