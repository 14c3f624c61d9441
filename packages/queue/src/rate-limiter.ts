import type { Redis } from 'ioredis';

// GCRA (generic cell rate algorithm) in one atomic script, timed by Redis's own clock so every
// process on every machine shares one schedule per key. Returns 0 when the request may go now,
// otherwise how many milliseconds to wait before asking again.
const GCRA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local allow_at = tat - tolerance
if now < allow_at then return allow_at - now end
local new_tat = tat + interval
redis.call('SET', KEYS[1], new_tat, 'PX', math.max(1, math.ceil(new_tat - now + tolerance)))
return 0
`;

export type RateLimit = { perSecond: number; burst: number };

/** A distributed rate limiter: `perSecond` sustained with bursts of up to `burst` requests. */
export class RedisRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Takes one request's slot for `key`, or says how long to wait (ms) before trying again. */
  async tryAcquire(key: string, limit: RateLimit): Promise<number> {
    const interval = 1000 / limit.perSecond;
    const tolerance = interval * Math.max(0, limit.burst - 1);
    const wait = await this.redis.eval(GCRA, 1, `${this.prefix}:ratelimit:${key}`, interval, tolerance);
    return Number(wait);
  }
}
