import type { ServiceContext } from '../context.ts';
import type { AuthenticatedActor } from './sessions.ts';

/** Broadcast topic: "this user's sessions or memberships changed" (logout, removal, new role). */
const SESSION_CHANGES = 'session-changes';

/** Tells every API process to stop trusting what it cached about the user's sessions. */
export function announceSessionChange(ctx: Pick<ServiceContext, 'queues'>, userId: string): void {
  ctx.queues.broadcast(SESSION_CHANGES, userId);
}

type Entry = { actor: AuthenticatedActor; until: number };

/**
 * Recently authenticated bearer tokens (by hash), so most requests skip the session look-up.
 * An entry lives at most `ttlMs` and never past its session's expiry. Logout, removing a member
 * and changing their role announce the change (announceSessionChange), which drops the user's
 * entries in every process at once; the TTL bounds how long a missed announcement (Redis away)
 * can matter.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Moves on every forget, so a look-up that raced a logout does not cache what it read before it. */
  private generation = 0;

  constructor(private readonly options: { ttlMs: number; maxEntries?: number; now?: () => number }) {}

  /** Keeps the cache in step with announceSessionChange from any process. */
  static listening(ctx: Pick<ServiceContext, 'queues'>, options: ConstructorParameters<typeof SessionCache>[0]): SessionCache {
    const cache = new SessionCache(options);
    ctx.queues.onBroadcast(SESSION_CHANGES, (userId) => cache.forgetUser(userId));
    return cache;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get(tokenHash: string): AuthenticatedActor | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.actor;
    this.entries.delete(tokenHash);
    return undefined;
  }

  /** A ticket taken before the look-up; set() ignores results read before a later forget. */
  ticket(): number {
    return this.generation;
  }

  set(tokenHash: string, actor: AuthenticatedActor, sessionExpiresAt: Date, ticket: number): void {
    if (this.options.ttlMs <= 0 || ticket !== this.generation) return;
    if (this.entries.size >= (this.options.maxEntries ?? 10_000)) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(tokenHash, { actor, until: Math.min(this.now() + this.options.ttlMs, sessionExpiresAt.getTime()) });
  }

  forgetUser(userId: string): void {
    this.generation += 1;
    for (const [hash, entry] of this.entries) if (entry.actor.userId === userId) this.entries.delete(hash);
  }
}
