import type { Redis } from 'ioredis';

// GCRA (generic cell rate algorithm) over several keys in one atomic script, timed by Redis's own
// clock so every process on every machine shares one schedule per key. Either every key has a slot
// now and all are taken (returns 0), or none is taken and it returns how many milliseconds to wait
// before asking again (the longest wait among the keys).
const GCRA_ALL = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local tolerance = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key) or now)
  if tat < now then tat = now end
  tats[i] = tat
  if now < tat - tolerance then wait = math.max(wait, tat - tolerance - now) end
end
-- Rounded up: Redis would truncate a fraction to 0, which the caller reads as "go" though nothing was taken.
if wait > 0 then return math.ceil(wait) end
for i, key in ipairs(KEYS) do
  local new_tat = tats[i] + tonumber(ARGV[2 * i - 1])
  redis.call('SET', key, new_tat, 'PX', math.max(1, math.ceil(new_tat - now + tonumber(ARGV[2 * i]))))
end
return 0
`;

export type RateLimit = { perSecond: number; burst: number };

type RedisWithGcra = Redis & { gcraAcquireAll: (keyCount: number, ...keysThenArgs: (string | number)[]) => Promise<number> };

/** A distributed rate limiter: per key, `perSecond` sustained with bursts of up to `burst` requests. */
export class RedisRateLimiter {
  private readonly redis: RedisWithGcra;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // Sent once per connection and then called by its SHA (EVALSHA), not as script text each time.
    if (!('gcraAcquireAll' in redis)) redis.defineCommand('gcraAcquireAll', { lua: GCRA_ALL });
    this.redis = redis as RedisWithGcra;
  }

  /**
   * Takes one request's slot under every key at once (a provider's budget and an account's), or
   * takes none and says how long to wait (ms) before trying again: a request that must wait for one
   * budget does not use up the other meanwhile.
   */
  async tryAcquire(slots: { key: string; limit: RateLimit }[]): Promise<number> {
    const args = slots.flatMap(({ limit }) => {
      const interval = 1000 / limit.perSecond;
      return [interval, interval * Math.max(0, limit.burst - 1)];
    });
    const wait = await this.redis.gcraAcquireAll(slots.length, ...slots.map(({ key }) => `${this.prefix}:ratelimit:${key}`), ...args);
    return Number(wait);
  }
}
