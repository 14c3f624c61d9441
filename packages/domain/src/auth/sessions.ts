import { AppError, randomToken, sha256 } from '@billops/core';
import { Prisma, queryRows, type MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { announceSessionChange, type SessionCache } from './session-cache.ts';

export type SessionContext = Pick<ServiceContext, 'prisma' | 'now'>;

/** Issues a bearer token; only its SHA-256 is stored, so a database leak reveals no usable token. */
export async function createSession(
  ctx: SessionContext,
  input: { userId: string; organizationId: string; ttlHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = `bo_${randomToken(32)}`;
  const expiresAt = new Date(ctx.now().getTime() + input.ttlHours * 3600_000);
  await ctx.prisma.apiSession.create({
    data: { userId: input.userId, organizationId: input.organizationId, tokenHash: sha256(token), expiresAt },
  });
  return { token, expiresAt };
}

export type AuthenticatedActor = Actor & { sessionId: string };

/**
 * Resolves a bearer token to the acting member, or throws 401. Every authenticated request runs
 * this: from the cache when given one, else in one round trip (the live session joined to the
 * membership it acts through).
 */
export async function authenticate(ctx: SessionContext, token: string, cache?: SessionCache): Promise<AuthenticatedActor> {
  const tokenHash = sha256(token);
  const cached = cache?.get(tokenHash);
  if (cached) return cached;
  const ticket = cache?.ticket() ?? 0;
  const rows = await queryRows<{ session_id: string; user_id: string; organization_id: string; role: MemberRole; expires_at: Date }>(
    ctx.prisma,
    Prisma.sql`
    SELECT s.id AS session_id, s.user_id, s.organization_id, m.role::text AS role, s.expires_at
    FROM api_sessions s
    JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id
    WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > ${ctx.now()}`,
  );
  const row = rows[0];
  if (!row) throw new AppError('unauthorized', 'Invalid or expired session');
  const actor = { sessionId: row.session_id, userId: row.user_id, organizationId: row.organization_id, role: row.role };
  cache?.set(tokenHash, actor, row.expires_at, ticket);
  return actor;
}

export async function revokeSession(ctx: SessionContext & Pick<ServiceContext, 'queues'>, actor: AuthenticatedActor): Promise<void> {
  await ctx.prisma.apiSession.updateMany({ where: { id: actor.sessionId, revokedAt: null }, data: { revokedAt: ctx.now() } });
  announceSessionChange(ctx, actor.userId);
}
