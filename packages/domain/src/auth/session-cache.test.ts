import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.ts';

const actor = (userId: string) => ({ sessionId: `s-${userId}`, userId, organizationId: 'org', role: 'member' as const });
const far = new Date('2100-01-01T00:00:00Z');

describe('SessionCache', () => {
  it('serves an entry for at most ttlMs, and never past its session expiry', () => {
    let now = 1_000;
    const cache = new SessionCache({ ttlMs: 10_000, now: () => now });
    cache.set('a', actor('u1'), far, cache.ticket());
    cache.set('b', actor('u2'), new Date(3_000), cache.ticket());
    now = 2_999;
    expect(cache.get('a')?.userId).toBe('u1');
    expect(cache.get('b')?.userId).toBe('u2');
    now = 3_000;
    expect(cache.get('b')).toBeUndefined();
    now = 10_999;
    expect(cache.get('a')?.userId).toBe('u1');
    now = 11_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it("forgetUser drops every entry of that user and nobody else's", () => {
    const cache = new SessionCache({ ttlMs: 10_000 });
    cache.set('a1', actor('u1'), far, cache.ticket());
    cache.set('a2', actor('u1'), far, cache.ticket());
    cache.set('b', actor('u2'), far, cache.ticket());
    cache.forgetUser('u1');
    expect(cache.get('a1')).toBeUndefined();
    expect(cache.get('a2')).toBeUndefined();
    expect(cache.get('b')?.userId).toBe('u2');
  });

  it('does not cache a look-up that started before a forget (a logout racing a request)', () => {
    const cache = new SessionCache({ ttlMs: 10_000 });
    const ticket = cache.ticket();
    cache.forgetUser('u1');
    cache.set('a', actor('u1'), far, ticket);
    expect(cache.get('a')).toBeUndefined();
    cache.set('a', actor('u1'), far, cache.ticket());
    expect(cache.get('a')?.userId).toBe('u1');
  });

  it('keeps at most maxEntries, dropping the oldest; ttlMs 0 caches nothing', () => {
    const cache = new SessionCache({ ttlMs: 10_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) cache.set(key, actor(key), far, cache.ticket());
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.userId).toBe('b');
    expect(cache.get('c')?.userId).toBe('c');
    const off = new SessionCache({ ttlMs: 0 });
    off.set('a', actor('a'), far, off.ticket());
    expect(off.get('a')).toBeUndefined();
  });
});
