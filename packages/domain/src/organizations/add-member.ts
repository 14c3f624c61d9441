import { AppError } from '@billops/core';
import { isUniqueViolation, type MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import { hashPassword } from '../auth/password.ts';
import type { ServiceContext } from '../context.ts';
import { toMemberView, type MemberView } from './list-members.ts';
import { assertAdmin, assertMayGrant } from './permissions.ts';

export type AddMemberInput = {
  email: string;
  role: MemberRole;
  /** Required only when no user with this email exists yet (a new account is created). */
  name?: string;
  password?: string;
};

/**
 * Adds a member to the actor's organization: an existing user (found by email) or a new account.
 * Owners and admins only; only an owner can add another owner.
 */
export async function addMember(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, input: AddMemberInput): Promise<{ member: MemberView; createdUser: boolean }> {
  assertAdmin(actor, 'add members');
  assertMayGrant(actor, input.role);
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (!existing && (!input.name || !input.password)) {
    const missing = [!input.name && 'name', !input.password && 'password'].filter((p): p is string => Boolean(p));
    throw new AppError('validation_failed', 'No user has this email: name and password are needed to create one', {
      details: missing.map((path) => ({ path, message: 'required to create a new user' })),
    });
  }
  // Hash outside the transaction: scrypt takes tens of milliseconds.
  const passwordHash = existing ? undefined : await hashPassword(input.password!);
  try {
    const membership = await ctx.prisma.$transaction(async (tx) => {
      const userId = existing?.id ?? (await tx.user.create({ data: { email, name: input.name!, passwordHash: passwordHash! } })).id;
      return tx.membership.create({
        data: { organizationId: actor.organizationId, userId, role: input.role },
        include: { user: { select: { email: true, name: true } } },
      });
    });
    return { member: toMemberView(membership), createdUser: !existing };
  } catch (error) {
    // Already a member, or a concurrent request created the same email first.
    if (isUniqueViolation(error)) throw new AppError('conflict', 'This user is already a member of the organization', { reason: 'already_member' });
    throw error;
  }
}
