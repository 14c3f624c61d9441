import { AppError } from '@billops/core';
import { announceSessionChange } from '../auth/session-cache.ts';
import type { MemberRole } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { toMemberView, type MemberView } from './list-members.ts';
import { assertNotLastOwner, withMembershipLock } from './member-lock.ts';
import { assertAdmin, assertMayGrant } from './permissions.ts';

/** Changes a member's role; never demotes the last owner, and only owners touch the owner role. */
export async function changeMemberRole(
  ctx: Pick<ServiceContext, 'prisma' | 'queues'>,
  actor: Actor,
  input: { userId: string; role: MemberRole },
): Promise<MemberView> {
  assertAdmin(actor, 'change roles');
  assertMayGrant(actor, input.role);
  const member = await withMembershipLock(ctx, actor.organizationId, async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: actor.organizationId, userId: input.userId } },
    });
    if (!membership) throw AppError.notFound('Member');
    assertMayGrant(actor, membership.role);
    if (membership.role === 'owner' && input.role !== 'owner') await assertNotLastOwner(tx, actor.organizationId, input.userId);
    const updated = await tx.membership.update({
      where: { id: membership.id },
      data: { role: input.role },
      include: { user: { select: { email: true, name: true } } },
    });
    return toMemberView(updated);
  });
  announceSessionChange(ctx, input.userId);
  return member;
}
