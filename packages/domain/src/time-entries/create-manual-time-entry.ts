import { AppError } from '@billops/core';
import type { Actor } from '../actor.ts';
import { isAdmin } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry, type CreateTimeEntryInput } from './create-time-entry.ts';

export type ManualTimeEntryInput = Omit<CreateTimeEntryInput, 'organizationId' | 'userId' | 'source' | 'sourceRef'> & {
  /** Admins and owners may log time for another member; members only for themselves. */
  userId?: string;
};

/** A time entry typed in by hand through the API; goes through the one creation path. */
export async function createManualTimeEntry(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, actor: Actor, input: ManualTimeEntryInput) {
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId) {
    if (!isAdmin(actor)) throw new AppError('forbidden', 'Members can only log their own time', { reason: 'not_owner' });
    const membership = await ctx.prisma.membership.findUnique({
      where: { organizationId_userId: { organizationId: actor.organizationId, userId } },
      select: { id: true },
    });
    if (!membership) throw new AppError('not_found', 'Member not found', { reason: 'member_not_found' });
  }
  const { entry } = await createTimeEntry(ctx, { ...input, organizationId: actor.organizationId, userId, source: 'manual' });
  return entry;
}
