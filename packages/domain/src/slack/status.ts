import { AppError } from '@billops/core';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

export type SlackStatus = {
  status: 'connected' | 'not_linked' | 'not_connected' | 'disconnected';
  workspace_id: string | null;
  workspace_name: string | null;
  slack_user_id: string | null;
  slack_username: string | null;
  notifications_enabled: boolean;
  time_capture_enabled: boolean;
  daily_summary_enabled: boolean;
  invoice_notifications_enabled: boolean;
  time_entry_notifications_enabled: boolean;
};

/**
 * The current user's Slack status in their organization: `connected` (workspace active and the
 * user linked), `not_linked`, `disconnected` (uninstalled or tokens revoked) or `not_connected`.
 */
export async function getSlackStatus(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor): Promise<SlackStatus> {
  const workspace = await ctx.prisma.slackIntegration.findFirst({
    where: { organizationId: actor.organizationId },
    orderBy: [{ isActive: 'desc' }, { updatedAt: 'desc' }],
  });
  const binding = workspace
    ? await ctx.prisma.slackUserBinding.findUnique({
        where: { slackIntegrationId_userId: { slackIntegrationId: workspace.id, userId: actor.userId } },
      })
    : null;
  const status = !workspace ? 'not_connected' : !workspace.isActive ? 'disconnected' : binding ? 'connected' : 'not_linked';
  return {
    status,
    workspace_id: workspace?.workspaceId ?? null,
    workspace_name: workspace?.workspaceName ?? null,
    slack_user_id: binding?.slackUserId ?? null,
    slack_username: binding?.slackUsername ?? null,
    notifications_enabled: workspace?.notificationsEnabled ?? false,
    time_capture_enabled: workspace?.timeCaptureEnabled ?? false,
    daily_summary_enabled: binding?.notifyDailySummary ?? false,
    invoice_notifications_enabled: binding?.notifyInvoiceReady ?? false,
    time_entry_notifications_enabled: binding?.notifyTimeEntryCreated ?? false,
  };
}

export type SlackPreferences = { dailySummary?: boolean; invoiceNotifications?: boolean; timeEntryNotifications?: boolean };

export async function updateSlackPreferences(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  prefs: SlackPreferences,
): Promise<SlackStatus> {
  const { count } = await ctx.prisma.slackUserBinding.updateMany({
    where: { userId: actor.userId, slackIntegration: { organizationId: actor.organizationId, isActive: true } },
    data: {
      ...(prefs.dailySummary !== undefined ? { notifyDailySummary: prefs.dailySummary } : {}),
      ...(prefs.invoiceNotifications !== undefined ? { notifyInvoiceReady: prefs.invoiceNotifications } : {}),
      ...(prefs.timeEntryNotifications !== undefined ? { notifyTimeEntryCreated: prefs.timeEntryNotifications } : {}),
    },
  });
  if (count === 0)
    throw new AppError('not_found', 'Your BillOps user is not linked to a connected Slack workspace', { reason: 'slack_not_linked' });
  return getSlackStatus(ctx, actor);
}
