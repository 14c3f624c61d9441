import type { ServiceContext } from '../context.ts';
import { deliverOnce, type DeliveryOutcome } from './deliver.ts';
import { reauthRequiredMessage } from './messages.ts';

const LABELS: Record<string, string> = { google: 'Google Calendar', microsoft: 'Outlook Calendar' };

/**
 * "Your Google Calendar connection needs to be re-authorized" to the account's owner in every
 * connected workspace of their organizations where they are linked (not a per-type preference: it is about their data).
 * `occurrence` tells one episode from the next (the job id), so a retry never posts twice but the
 * next time the account breaks notifies again.
 */
export async function notifyReauthRequired(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  input: { oauthAccountId: string; occurrence: string },
): Promise<Record<string, DeliveryOutcome>> {
  const account = await ctx.prisma.userOAuthAccount.findUnique({ where: { id: input.oauthAccountId } });
  if (!account) return {};
  if (account.status === 'active') return { [account.userId]: { status: 'skipped', reason: 'account_reconnected' } };
  // Only workspaces of organizations the user belongs to (a membership exists only by their consent):
  // a binding left in another organization's workspace must not receive their account's notices.
  const bindings = await ctx.prisma.slackUserBinding.findMany({
    where: {
      userId: account.userId,
      slackIntegration: { isActive: true, notificationsEnabled: true, organization: { members: { some: { userId: account.userId } } } },
    },
    include: { slackIntegration: true },
  });
  const message = reauthRequiredMessage({
    providerLabel: LABELS[account.provider] ?? account.provider,
    email: account.providerEmail ?? undefined,
  });
  const outcomes: Record<string, DeliveryOutcome> = {};
  for (const { slackIntegration: workspace, ...binding } of bindings) {
    outcomes[workspace.workspaceId] = await deliverOnce(ctx, {
      workspace,
      binding,
      dedupeKey: `reauth_required:${account.id}:${input.occurrence}:${workspace.id}`,
      userId: account.userId,
      kind: 'reauth_required',
      message,
    });
  }
  if (bindings.length > 0) await ctx.prisma.userOAuthAccount.update({ where: { id: account.id }, data: { reauthNotifiedAt: ctx.now() } });
  return outcomes;
}
