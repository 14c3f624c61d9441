import { AppError } from '@billops/core';
import { withTransaction, type MemberRole } from '@billops/db';
import type { ServiceContext } from '../context.ts';

type Ctx = Pick<ServiceContext, 'prisma'>;

export type InvitationView = { id: string; organizationId: string; organizationName: string; role: MemberRole; invitedAt: Date };

/** The invitations waiting for the user's answer, newest first. */
export async function listMyInvitations(ctx: Ctx, userId: string): Promise<InvitationView[]> {
  const rows = await ctx.prisma.membershipInvitation.findMany({
    where: { userId },
    include: { organization: { select: { name: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
  });
  return rows.map((r) => ({
    id: r.id,
    organizationId: r.organizationId,
    organizationName: r.organization.name,
    role: r.role,
    invitedAt: r.createdAt,
  }));
}

/** The user accepts: the membership is created with the role offered and the invitation is gone. */
export async function acceptInvitation(
  ctx: Ctx,
  userId: string,
  invitationId: string,
): Promise<{ organizationId: string; role: MemberRole }> {
  return withTransaction(ctx.prisma, async (tx) => {
    const invitation = await tx.membershipInvitation.findFirst({ where: { id: invitationId, userId } });
    if (!invitation) throw AppError.notFound('Invitation');
    await tx.membershipInvitation.delete({ where: { id: invitation.id } });
    const membership = await tx.membership.upsert({
      where: { organizationId_userId: { organizationId: invitation.organizationId, userId } },
      create: { organizationId: invitation.organizationId, userId, role: invitation.role },
      update: {},
    });
    return { organizationId: membership.organizationId, role: membership.role };
  });
}

/** The user declines: the invitation is deleted and nothing else changes. */
export async function declineInvitation(ctx: Ctx, userId: string, invitationId: string): Promise<void> {
  const { count } = await ctx.prisma.membershipInvitation.deleteMany({ where: { id: invitationId, userId } });
  if (count === 0) throw AppError.notFound('Invitation');
}
