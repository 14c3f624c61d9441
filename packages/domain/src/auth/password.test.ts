import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_SCRYPT, PasswordHasher } from './password.ts';

describe('PasswordHasher', () => {
  it(`runs at most ${MAX_CONCURRENT_SCRYPT} scrypt computations at once and queues the rest`, async () => {
    // 2^14: 16 MiB and tens of milliseconds a hash, long enough to watch the queue.
    const hasher = new PasswordHasher(14);
    const stored = await hasher.hash('correct horse battery staple');
    const most = { running: 0, waiting: 0 };
    const checks = Array.from({ length: 6 }, (_, i) => hasher.verify(i === 0 ? 'correct horse battery staple' : `wrong ${i}`, stored));
    let done = false;
    const all = Promise.all(checks).finally(() => (done = true));
    while (!done) {
      most.running = Math.max(most.running, hasher.load.running);
      most.waiting = Math.max(most.waiting, hasher.load.waiting);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await all).toEqual([true, false, false, false, false, false]);
    expect(most).toEqual({ running: MAX_CONCURRENT_SCRYPT, waiting: 6 - MAX_CONCURRENT_SCRYPT });
    expect(hasher.load).toEqual({ running: 0, waiting: 0 });
  });

  it('hashes record their parameters, and another cost means a rehash', async () => {
    const hasher = new PasswordHasher(12);
    const stored = await hasher.hash('pw');
    expect(stored.startsWith('scrypt$4096$8$1$')).toBe(true);
    expect(hasher.needsRehash(stored)).toBe(false);
    expect(new PasswordHasher(13).needsRehash(stored)).toBe(true);
    expect(await new PasswordHasher(13).verify('pw', stored)).toBe(true);
  });
});
