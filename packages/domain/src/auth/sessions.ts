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

/** Resolves a bearer token to the acting member, or throws 401. */
export async function authenticate(ctx: SessionContext, token: string): Promise<Actor & { sessionId: string }> {
  const session = await ctx.prisma.apiSession.findUnique({ where: { tokenHash: sha256(token) } });
  if (!session || session.revokedAt || session.expiresAt <= ctx.now()) {
    throw new AppError('unauthorized', 'Invalid or expired session');
  }
  const membership = await ctx.prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId: session.organizationId, userId: session.userId } },
    select: { role: true },
  });
  if (!membership) throw new AppError('unauthorized', 'Session no longer has access to its organization');
  return { sessionId: session.id, userId: session.userId, organizationId: session.organizationId, role: membership.role as MemberRole };
}

export async function revokeSession(ctx: SessionContext, sessionId: string): Promise<void> {
  await ctx.prisma.apiSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: ctx.now() } });
}
