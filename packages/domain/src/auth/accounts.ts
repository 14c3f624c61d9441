import { AppError } from '@billops/core';
import { isUniqueViolation, withTransaction } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { createSession } from './sessions.ts';

type AccountContext = Pick<ServiceContext, 'prisma' | 'now' | 'passwords'> & { sessionTtlHours: number };

export type RegisterInput = { email: string; password: string; name: string; organizationName?: string; timeZone?: string };

/** Registering creates the user, their organization (they own it) and a first session. */
export async function registerUser(ctx: AccountContext, input: RegisterInput) {
  await assertAcceptablePassword(input.password, [input.email, input.name]);
  const passwordHash = await ctx.passwords.hash(input.password);
  const email = input.email.trim().toLowerCase();
  try {
    const { user, organization } = await withTransaction(ctx.prisma, async (tx) => {
      const user = await tx.user.create({
        data: { email, name: input.name, passwordHash, ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
      });
      const organization = await tx.organization.create({
        data: { name: input.organizationName ?? `${input.name}'s organization`, members: { create: { userId: user.id, role: 'owner' } } },
      });
      return { user, organization };
    });
    const session = await createSession(ctx, { userId: user.id, organizationId: organization.id, ttlHours: ctx.sessionTtlHours });
    return { user, organization, role: 'owner' as const, ...session };
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', 'An account with this email already exists', { reason: 'email_taken' });
    throw error;
  }
}

export async function login(ctx: AccountContext, input: { email: string; password: string; organizationId?: string }) {
  const user = await ctx.prisma.user.findUnique({
    where: { email: input.email.trim().toLowerCase() },
    include: { memberships: { orderBy: { createdAt: 'asc' } } },
  });
  // Same error and the same work for unknown email and wrong password, so logins cannot probe for accounts.
  const valid = user
    ? await ctx.passwords.verify(input.password, user.passwordHash)
    : await ctx.passwords.verifyAgainstDummy(input.password);
  if (!user || !valid) throw new AppError('unauthorized', 'Invalid email or password');
  if (ctx.passwords.needsRehash(user.passwordHash)) {
    // Hashed with older parameters: the plaintext is at hand only now, so upgrade it now.
    await ctx.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await ctx.passwords.hash(input.password) } });
  }
  const membership = input.organizationId ? user.memberships.find((m) => m.organizationId === input.organizationId) : user.memberships[0];
  if (!membership) throw new AppError('forbidden', 'Not a member of that organization');
  const session = await createSession(ctx, { userId: user.id, organizationId: membership.organizationId, ttlHours: ctx.sessionTtlHours });
  return { user, organizationId: membership.organizationId, role: membership.role, ...session };
}
