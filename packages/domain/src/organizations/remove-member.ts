import { AppError } from '@billops/core';
import { announceSessionChange } from '../auth/session-cache.ts';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertNotLastOwner, withMembershipLock } from './member-lock.ts';
import { assertAdmin, assertMayGrant } from './permissions.ts';

/**
 * Removes a member from the organization (their account and time entries stay). Their sessions in
 * this organization stop working at once: authentication re-checks the membership, and the
 * announcement drops what API processes cached about them.
 */
export async function removeMember(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, actor: Actor, input: { userId: string }): Promise<void> {
  assertAdmin(actor, 'remove members');
  await withMembershipLock(ctx, actor.organizationId, async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { organizationId_userId: { organizationId: actor.organizationId, userId: input.userId } },
    });
    if (!membership) throw AppError.notFound('Member');
    assertMayGrant(actor, membership.role);
    if (membership.role === 'owner') await assertNotLastOwner(tx, actor.organizationId, input.userId);
    await tx.membership.delete({ where: { id: membership.id } });
  });
  announceSessionChange(ctx, input.userId);
}
