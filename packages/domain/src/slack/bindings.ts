import { AppError } from '@billops/core';
import { isAdmin, type Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { createBinding } from './link-by-email.ts';
import { requireActiveWorkspace, slackApiFor } from './workspace.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'logger'>;

const requireAdmin = (actor: Actor) => {
  if (!isAdmin(actor)) throw new AppError('forbidden', 'Only organization owners and admins can manage Slack members');
};

/** One page of workspace members (`users.list` with cursor), with who is linked to whom. */
export async function listSlackMembers(ctx: Ctx, actor: Actor, input: { cursor?: string; limit: number }) {
  requireAdmin(actor);
  const workspace = await requireActiveWorkspace(ctx, actor.organizationId);
  const page = await slackApiFor(ctx, workspace).usersListPage(input.cursor, input.limit);
  const bindings = await ctx.prisma.slackUserBinding.findMany({
    where: { slackIntegrationId: workspace.id, slackUserId: { in: page.members.map((m) => m.id) } },
  });
  const byUser = new Map(bindings.map((b) => [b.slackUserId, b]));
  return { members: page.members.map((m) => ({ ...m, binding: byUser.get(m.id) })), nextCursor: page.nextCursor };
}

/** An admin links a Slack member to an organization member by hand (different emails, say). */
export async function linkSlackUser(ctx: Ctx, actor: Actor, input: { slackUserId: string; userId: string }) {
  requireAdmin(actor);
  const workspace = await requireActiveWorkspace(ctx, actor.organizationId);
  const membership = await ctx.prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId: actor.organizationId, userId: input.userId } },
  });
  if (!membership) throw new AppError('not_found', 'User is not a member of this organization', { reason: 'user_not_member' });
  const member = await slackApiFor(ctx, workspace).usersInfo(input.slackUserId);
  if (member.deleted || member.isBot)
    throw new AppError('validation_failed', 'Only active, human Slack members can be linked', {
      details: [{ path: 'slack_user_id', message: 'deactivated or a bot' }],
    });
  const binding = await createBinding(ctx, workspace, input.userId, member);
  if (!binding)
    throw new AppError('conflict', 'This Slack member or this user is already linked in this workspace', { reason: 'already_linked' });
  return binding;
}

export async function unlinkSlackUser(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, bindingId: string): Promise<void> {
  requireAdmin(actor);
  const { count } = await ctx.prisma.slackUserBinding.deleteMany({
    where: { id: bindingId, slackIntegration: { organizationId: actor.organizationId } },
  });
  if (count === 0) throw AppError.notFound('Slack binding');
}
