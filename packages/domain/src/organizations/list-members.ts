import type { MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

export type MemberView = { userId: string; email: string; name: string; role: MemberRole; joinedAt: Date };

type MembershipWithUser = { userId: string; role: MemberRole; createdAt: Date; user: { email: string; name: string } };

export const toMemberView = (m: MembershipWithUser): MemberView => ({
  userId: m.userId,
  email: m.user.email,
  name: m.user.name,
  role: m.role,
  joinedAt: m.createdAt,
});

/** Every member of the actor's organization, oldest first (any member may read the roster). */
export async function listMembers(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor): Promise<MemberView[]> {
  const memberships = await ctx.prisma.membership.findMany({
    where: { organizationId: actor.organizationId },
    include: { user: { select: { email: true, name: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return memberships.map(toMemberView);
}
