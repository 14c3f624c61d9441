import { isUniqueViolation, type SlackIntegration, type SlackUserBinding } from '@billops/db';
import { isProviderError, type SlackMember } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { slackApiFor } from './workspace.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'logger'>;

const BATCH_SIZE = 5;

/** Creates the binding unless either side is already linked in this workspace (then returns null). */
export async function createBinding(
  ctx: Pick<ServiceContext, 'prisma'>,
  workspace: SlackIntegration,
  userId: string,
  member: SlackMember,
): Promise<SlackUserBinding | null> {
  try {
    return await ctx.prisma.slackUserBinding.create({
      data: {
        userId,
        slackIntegrationId: workspace.id,
        slackUserId: member.id,
        slackUsername: member.name || null,
        slackEmail: member.email ?? null,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

const linkable = (member: SlackMember) => !member.deleted && !member.isBot && Boolean(member.email);

/**
 * Links the organization's unlinked members to Slack users with the same email
 * (`users.lookupByEmail` returns only Slack-verified emails), a few lookups at a time. A rate limit
 * stops the pass early: the rest are linked on their first `/time` or by an admin.
 */
export async function linkMembersByEmail(ctx: Ctx, workspace: SlackIntegration): Promise<{ linked: number; pending: number }> {
  const members = await ctx.prisma.membership.findMany({
    where: { organizationId: workspace.organizationId, user: { slackBindings: { none: { slackIntegrationId: workspace.id } } } },
    select: { user: { select: { id: true, email: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const api = slackApiFor(ctx, workspace);
  let linked = 0;
  for (let start = 0; start < members.length; start += BATCH_SIZE) {
    const batch = members.slice(start, start + BATCH_SIZE);
    const results = await Promise.allSettled(batch.map(({ user }) => api.lookupByEmail(user.email)));
    let rateLimited = false;
    for (const [index, result] of results.entries()) {
      if (result.status === 'rejected') {
        if (isProviderError(result.reason) && result.reason.kind === 'rate_limited') rateLimited = true;
        else if (!(isProviderError(result.reason) && result.reason.kind === 'not_found'))
          ctx.logger.warn({ err: result.reason }, 'slack lookupByEmail failed');
        continue;
      }
      if (!linkable(result.value)) continue;
      if (await createBinding(ctx, workspace, batch[index]!.user.id, result.value)) linked += 1;
    }
    if (rateLimited) {
      const pending = members.length - start - batch.length;
      ctx.logger.info({ slackIntegrationId: workspace.id, linked, pending }, 'slack email linking paused by a rate limit');
      return { linked, pending };
    }
  }
  return { linked, pending: 0 };
}

/**
 * An unknown Slack user just used `/time`: look them up (`users.info`) and link them if their
 * Slack email belongs to a member of the workspace's organization. Provider errors propagate.
 */
export async function linkSlackUserOnFirstUse(
  ctx: Ctx,
  workspace: SlackIntegration,
  slackUserId: string,
): Promise<SlackUserBinding | null> {
  const member = await slackApiFor(ctx, workspace).usersInfo(slackUserId);
  if (!linkable(member)) return null;
  const membership = await ctx.prisma.membership.findFirst({
    where: { organizationId: workspace.organizationId, user: { email: member.email!.toLowerCase() } },
    select: { userId: true },
  });
  if (!membership) return null;
  const binding = await createBinding(ctx, workspace, membership.userId, member);
  return (
    binding ??
    ctx.prisma.slackUserBinding.findUnique({ where: { slackIntegrationId_slackUserId: { slackIntegrationId: workspace.id, slackUserId } } })
  );
}
