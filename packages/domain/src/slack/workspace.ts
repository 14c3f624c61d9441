import { sealedField } from '@billops/db';
import { AppError } from '@billops/core';
import type { SlackIntegration } from '@billops/db';
import type { SlackApi } from '@billops/providers';
import type { ServiceContext } from '../context.ts';

export type SlackCtx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'logger' | 'now'>;

/** What it takes to call Slack as a workspace's bot: the row id is the token's encryption context. */
export type SlackWorkspaceToken = Pick<SlackIntegration, 'id' | 'botTokenEncrypted'>;

/** A Web API client for the workspace's bot token (decrypted only here, never logged). */
export function slackApiFor(ctx: Pick<ServiceContext, 'vault' | 'providers'>, workspace: SlackWorkspaceToken): SlackApi {
  return ctx.providers.slack.forToken(ctx.vault.decrypt(workspace.botTokenEncrypted, sealedField.slackBotToken(workspace.id)));
}

/** The organization's connected workspace, if any. */
export async function activeWorkspaceOf(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string): Promise<SlackIntegration | null> {
  return ctx.prisma.slackIntegration.findFirst({ where: { organizationId, isActive: true }, orderBy: { updatedAt: 'desc' } });
}

export async function requireActiveWorkspace(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string): Promise<SlackIntegration> {
  const workspace = await activeWorkspaceOf(ctx, organizationId);
  if (!workspace)
    throw new AppError('not_found', 'No Slack workspace is connected to this organization', { reason: 'slack_not_connected' });
  return workspace;
}
