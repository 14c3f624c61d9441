import { createHash } from 'node:crypto';
import { ProviderError } from '../shared/provider-error.ts';
import type { CalendarProvider } from './types.ts';

/** Asks a shared limiter for one request slot under every key at once; resolves to the wait in ms (0 = go, all taken). */
export type SlotLimiter = { tryAcquire: (slots: { key: string; limit: { perSecond: number; burst: number } }[]) => Promise<number> };

export type PacingLimits = {
  provider: { perSecond: number; burst: number };
  account: { perSecond: number; burst: number };
  /** Waiting longer than this in one call gives up with a rate_limited error (the job backs off). */
  maxWaitMs: number;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// The access token stands for the account: every provider call carries it, and a hash of it is
// stable for the token's lifetime, far longer than any rate-limit window.
const accountKey = (accessToken: string) => createHash('sha256').update(accessToken).digest('hex').slice(0, 24);

/**
 * Paces a calendar provider's API calls across every process: a per-provider budget so a burst of
 * syncs stays inside the provider's quota, and a per-account budget so one huge calendar cannot
 * take the whole provider budget from everyone else. OAuth token calls are not paced.
 */
export function pacedCalendarProvider(provider: CalendarProvider, limiter: SlotLimiter, limits: PacingLimits): CalendarProvider {
  async function acquire(accessToken: string): Promise<void> {
    const deadline = Date.now() + limits.maxWaitMs;
    const slots = [
      { key: `provider:${provider.name}`, limit: limits.provider },
      { key: `account:${provider.name}:${accountKey(accessToken)}`, limit: limits.account },
    ];
    for (let wait = await limiter.tryAcquire(slots); wait > 0; wait = await limiter.tryAcquire(slots)) {
      if (Date.now() + wait > deadline) {
        throw new ProviderError(provider.name, 'rate_limited', 'local rate limit (provider or account budget)', { retryAfterMs: wait });
      }
      await sleep(wait);
    }
  }
  const paced: Partial<CalendarProvider> = {
    listCalendars: async (accessToken) => {
      await acquire(accessToken);
      return provider.listCalendars(accessToken);
    },
    listEvents: async (request) => {
      await acquire(request.accessToken);
      return provider.listEvents(request);
    },
  };
  const getEvent = provider.getEvent?.bind(provider);
  if (getEvent) {
    paced.getEvent = async (request) => {
      await acquire(request.accessToken);
      return getEvent(request);
    };
  }
  // A proxy keeps every other member (and private fields) working on the real instance.
  return new Proxy(provider, {
    get(target, property, _receiver) {
      const override = paced[property as keyof CalendarProvider];
      if (override) return override;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
