import { sealedField } from '@billops/db';
import { randomUUID } from 'node:crypto';
import { AppError } from '@billops/core';
import { SLACK_BOT_SCOPES, isProviderError } from '@billops/providers';
import { isAdmin, type Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { linkMembersByEmail } from './link-by-email.ts';
import { consumeSlackOAuthState, createSlackOAuthState } from './oauth-state.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'logger' | 'now'>;

export async function startSlackInstall(ctx: Ctx, actor: Actor): Promise<{ authUrl: string }> {
  if (!isAdmin(actor)) throw new AppError('forbidden', 'Only organization owners and admins can connect Slack');
  const state = await createSlackOAuthState(ctx, actor);
  return { authUrl: ctx.providers.slack.oauth.authorizeUrl({ state, scopes: SLACK_BOT_SCOPES }) };
}

export type SlackInstallResult = { workspaceId: string; workspaceName: string; integrationId: string; linkedUsers: number };

/**
 * Completes the OAuth v2 install: consumes the state, exchanges the code, stores the workspace with
 * its bot token encrypted (re-installing updates the same row and reactivates it), then links
 * organization members to Slack users by email.
 * `expectedUserId` is the signed-in admin when the frontend posts the code (the state must be theirs).
 */
export async function completeSlackInstall(
  ctx: Ctx,
  input: { code: string; state: string; expectedUserId?: string },
): Promise<SlackInstallResult> {
  const owner = await consumeSlackOAuthState(ctx, input.state);
  if (input.expectedUserId && input.expectedUserId !== owner.userId)
    throw new AppError('forbidden', 'This Slack authorization was started by another user', { reason: 'state_user_mismatch' });
  const membership = await ctx.prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId: owner.organizationId, userId: owner.userId } },
  });
  if (!membership || membership.role === 'member') throw new AppError('forbidden', 'Only organization owners and admins can connect Slack');

  let installation;
  try {
    installation = await ctx.providers.slack.oauth.exchangeCode(input.code);
  } catch (error) {
    // A code Slack rejects is the caller's bad input; anything else is translated by the error handler.
    if (isProviderError(error) && error.kind === 'permanent')
      throw new AppError('bad_request', `Slack rejected the authorization code (${error.providerCode ?? 'error'})`, {
        reason: 'invalid_code',
      });
    throw error;
  }

  const existing = await ctx.prisma.slackIntegration.findUnique({ where: { workspaceId: installation.team.id } });
  if (existing && existing.organizationId !== owner.organizationId) {
    throw new AppError('conflict', 'This Slack workspace is already connected to another organization', { reason: 'workspace_taken' });
  }
  const id = existing?.id ?? randomUUID();
  const data = {
    workspaceName: installation.team.name,
    botTokenEncrypted: ctx.vault.encrypt(installation.accessToken, sealedField.slackBotToken(id)),
    appId: installation.appId ?? null,
    botUserId: installation.botUserId ?? null,
    scopes: installation.scopes,
    installedById: owner.userId,
    isActive: true,
  };
  const workspace = existing
    ? await ctx.prisma.slackIntegration.update({ where: { id }, data })
    : await ctx.prisma.slackIntegration.create({
        data: { id, organizationId: owner.organizationId, workspaceId: installation.team.id, ...data },
      });
  ctx.logger.info(
    { slackIntegrationId: workspace.id, workspaceId: workspace.workspaceId, reinstall: Boolean(existing) },
    'slack workspace installed',
  );

  const linked = await linkMembersByEmail(ctx, workspace);
  return {
    workspaceId: workspace.workspaceId,
    workspaceName: workspace.workspaceName,
    integrationId: workspace.id,
    linkedUsers: linked.linked,
  };
}
