import { AppError } from '@billops/core';
import { withAdvisoryLock, type Tx } from '@billops/db';
import type { ServiceContext } from '../context.ts';

/**
 * Runs a role change or removal under a per-organization lock, so two concurrent requests can
 * never together demote or remove every owner (each sees the other's committed result).
 */
export function withMembershipLock<T>(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withAdvisoryLock(ctx.prisma, `memberships:${organizationId}`, fn);
}

/** Throws 409 when `userId` is the organization's only owner. */
export async function assertNotLastOwner(tx: Tx, organizationId: string, userId: string): Promise<void> {
  const owners = await tx.membership.findMany({ where: { organizationId, role: 'owner' }, select: { userId: true } });
  if (owners.length === 1 && owners[0]?.userId === userId) {
    throw new AppError('conflict', 'An organization must keep at least one owner', { reason: 'last_owner' });
  }
}
