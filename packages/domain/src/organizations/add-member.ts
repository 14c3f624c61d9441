import { AppError } from '@billops/core';
import { isUniqueViolation, withTransaction, type MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import { assertAcceptablePassword } from '../auth/password-policy.ts';
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

export type AddMemberResult =
  | { status: 'added'; member: MemberView }
  | { status: 'invited'; invitation: { id: string; email: string; role: MemberRole; createdAt: Date } };

/**
 * Adds a member to the actor's organization. A new account (name and password given) becomes a
 * member at once. An existing user only gets an invitation they accept themselves: nobody joins an
 * organization (and gets linked to its Slack, receiving its messages) without consent, and the
 * answer shows nothing of that user beyond the email the admin typed.
 * Owners and admins only; only an owner can add or invite another owner.
 */
export async function addMember(
  ctx: Pick<ServiceContext, 'prisma' | 'passwords'>,
  actor: Actor,
  input: AddMemberInput,
): Promise<AddMemberResult> {
  assertAdmin(actor, 'add members');
  assertMayGrant(actor, input.role);
  const email = input.email.trim().toLowerCase();
  const existing = await ctx.prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return inviteExistingUser(ctx, actor, { userId: existing.id, email, role: input.role });
  if (!input.name || !input.password) {
    const missing = [!input.name && 'name', !input.password && 'password'].filter((p): p is string => Boolean(p));
    throw new AppError('validation_failed', 'No user has this email: name and password are needed to create one', {
      details: missing.map((path) => ({ path, message: 'required to create a new user' })),
    });
  }
  await assertAcceptablePassword(input.password, [email, input.name]);
  // Hash outside the transaction: scrypt takes a good fraction of a second.
  const passwordHash = await ctx.passwords.hash(input.password);
  try {
    const membership = await withTransaction(ctx.prisma, async (tx) => {
      const userId = (await tx.user.create({ data: { email, name: input.name!, passwordHash } })).id;
      return tx.membership.create({
        data: { organizationId: actor.organizationId, userId, role: input.role },
        include: { user: { select: { email: true, name: true } } },
      });
    });
    return { status: 'added', member: toMemberView(membership) };
  } catch (error) {
    // A concurrent request created the same email first.
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'A user with this email was just created; add them again to invite them', { reason: 'email_taken' });
    throw error;
  }
}

async function inviteExistingUser(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  input: { userId: string; email: string; role: MemberRole },
): Promise<AddMemberResult> {
  const member = await ctx.prisma.membership.count({ where: { organizationId: actor.organizationId, userId: input.userId } });
  if (member > 0) throw new AppError('conflict', 'This user is already a member of the organization', { reason: 'already_member' });
  // Inviting again updates the role offered; the invitation stays one row.
  const invitation = await ctx.prisma.membershipInvitation.upsert({
    where: { organizationId_userId: { organizationId: actor.organizationId, userId: input.userId } },
    create: { organizationId: actor.organizationId, userId: input.userId, role: input.role, invitedById: actor.userId },
    update: { role: input.role, invitedById: actor.userId },
  });
  return {
    status: 'invited',
    invitation: { id: invitation.id, email: input.email, role: invitation.role, createdAt: invitation.createdAt },
  };
}
