import { AppError, randomToken, sha256 } from '@billops/core';
import type { MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

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

/**
 * Resolves a bearer token to the acting member, or throws 401. Every authenticated request runs
 * this, so it is one round trip: the live session joined to the membership it acts through.
 */
export async function authenticate(ctx: SessionContext, token: string): Promise<Actor & { sessionId: string }> {
  const rows = await ctx.prisma.$queryRaw<{ session_id: string; user_id: string; organization_id: string; role: MemberRole }[]>`
    SELECT s.id AS session_id, s.user_id, s.organization_id, m.role::text AS role
    FROM api_sessions s
    JOIN memberships m ON m.organization_id = s.organization_id AND m.user_id = s.user_id
    WHERE s.token_hash = ${sha256(token)} AND s.revoked_at IS NULL AND s.expires_at > ${ctx.now()}`;
  const row = rows[0];
  if (!row) throw new AppError('unauthorized', 'Invalid or expired session');
  return { sessionId: row.session_id, userId: row.user_id, organizationId: row.organization_id, role: row.role };
}

export async function revokeSession(ctx: SessionContext, sessionId: string): Promise<void> {
  await ctx.prisma.apiSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: ctx.now() } });
}
