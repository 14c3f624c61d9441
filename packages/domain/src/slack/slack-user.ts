import type { SlackIntegration } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { captureDisabledReply, notLinkedReply, workspaceNotConnectedReply, type SlackReply } from './messages.ts';

/** The BillOps user behind a Slack user, in a connected workspace with time capture on. */
export type SlackTimeUser = { workspace: SlackIntegration; organizationId: string; userId: string; timeZone: string };
/** The part of it most use cases need. */
export type TimeUser = Pick<SlackTimeUser, 'organizationId' | 'userId' | 'timeZone'>;

/**
 * Who is acting, for interactions (buttons, modals, shortcuts) and the `/time` subcommands: the
 * linked member of a connected workspace, or the reply saying why not. Linking on first use is
 * `/time`'s job (it may need Slack's users.info); here an unlinked user is told how to link.
 */
export async function resolveSlackTimeUser(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { teamId: string; slackUserId: string },
): Promise<SlackTimeUser | { reply: SlackReply }> {
  const workspace = await ctx.prisma.slackIntegration.findUnique({ where: { workspaceId: input.teamId } });
  if (!workspace?.isActive) return { reply: workspaceNotConnectedReply() };
  if (!workspace.timeCaptureEnabled) return { reply: captureDisabledReply() };
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { slackIntegrationId: workspace.id, slackUserId: input.slackUserId },
    select: {
      userId: true,
      user: { select: { timeZone: true, memberships: { where: { organizationId: workspace.organizationId }, select: { id: true } } } },
    },
  });
  // A binding outlives a removed membership only until cleaned up: never act for a non-member.
  if (!binding || binding.user.memberships.length === 0) return { reply: notLinkedReply() };
  return { workspace, organizationId: workspace.organizationId, userId: binding.userId, timeZone: binding.user.timeZone };
}
