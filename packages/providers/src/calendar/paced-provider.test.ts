import { describe, expect, it } from 'vitest';
import { ProviderError } from '../shared/provider-error.ts';
import { pacedCalendarProvider, type SlotLimiter } from './paced-provider.ts';
import type { CalendarProvider, EventPage } from './types.ts';

const page: EventPage = { events: [], skipped: [], nextPageToken: null, nextCursor: 'cursor' };

function recordingProvider(calls: string[]): CalendarProvider {
  return {
    name: 'google',
    scopes: [],
    requiredScopes: [],
    calendarListKey: 'summary',
    authorizationUrl: () => 'https://auth',
    exchangeCode: async () => ({ accessToken: 'a', expiresAt: new Date(), scopes: [] }),
    refreshAccessToken: async () => ({ accessToken: 'a', expiresAt: new Date(), scopes: [] }),
    revokeToken: async () => undefined,
    getAccount: async () => ({ accountId: '1', email: null }),
    listCalendars: async () => {
      calls.push('listCalendars');
      return [];
    },
    listEvents: async () => {
      calls.push('listEvents');
      return page;
    },
  } as CalendarProvider;
}

/** An in-memory limiter that answers a scripted wait per call. */
function scriptedLimiter(waits: number[]): SlotLimiter & { asks: string[][] } {
  const asks: string[][] = [];
  return {
    asks,
    tryAcquire: async (slots) => {
      asks.push(slots.map((slot) => slot.key));
      return waits.shift() ?? 0;
    },
  };
}

const limits = { provider: { perSecond: 10, burst: 10 }, account: { perSecond: 5, burst: 5 }, maxWaitMs: 50 };

describe('pacedCalendarProvider', () => {
  it('takes a provider slot and an account slot before each API call', async () => {
    const calls: string[] = [];
    const limiter = scriptedLimiter([]);
    const paced = pacedCalendarProvider(recordingProvider(calls), limiter, limits);
    await paced.listEvents({
      accessToken: 'token-1',
      calendarId: 'primary',
      window: { start: new Date(), end: new Date() },
      cursor: null,
      pageToken: null,
    });
    expect(calls).toEqual(['listEvents']);
    // Both budgets in one ask: all slots or none.
    expect(limiter.asks).toHaveLength(1);
    expect(limiter.asks[0]![0]).toBe('provider:google');
    expect(limiter.asks[0]![1]).toMatch(/^account:google:[0-9a-f]{24}$/);
    expect(limiter.asks[0]![1]).not.toContain('token-1');
  });

  it('waits when told to, then proceeds', async () => {
    const calls: string[] = [];
    const limiter = scriptedLimiter([5, 0]);
    const paced = pacedCalendarProvider(recordingProvider(calls), limiter, limits);
    await paced.listCalendars('token');
    expect(calls).toEqual(['listCalendars']);
    expect(limiter.asks).toHaveLength(2);
  });

  it('gives up with a retryable rate_limited error instead of waiting past its bound', async () => {
    const calls: string[] = [];
    const paced = pacedCalendarProvider(recordingProvider(calls), scriptedLimiter([10_000]), limits);
    const error = await paced.listCalendars('token').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe('rate_limited');
    expect(calls).toEqual([]);
  });

  it('passes everything else straight through', async () => {
    const paced = pacedCalendarProvider(recordingProvider([]), scriptedLimiter([]), limits);
    expect(paced.name).toBe('google');
    expect(paced.authorizationUrl({ state: 's', codeChallenge: 'c', redirectUri: 'r' })).toBe('https://auth');
  });
});
