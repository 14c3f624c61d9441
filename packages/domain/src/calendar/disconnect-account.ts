import { sealedField } from '@billops/db';
import type { CalendarProviderName } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { forgetCalendarList, requireAccount } from './calendar-list.ts';
import { calendarProvider } from './provider-of.ts';

/**
 * Disconnects a provider: revokes the grant at the provider (best effort: a dead grant or an
 * outage must not keep the user connected), then deletes the stored tokens, the account and its
 * calendar integrations with their synced events. Time entries already created stay.
 */
export async function disconnectCalendarAccount(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger'>,
  input: { userId: string; provider: CalendarProviderName },
): Promise<{ revoked: boolean }> {
  const account = await requireAccount(ctx, input.userId, input.provider);
  const provider = calendarProvider(ctx, input.provider);
  let revoked = false;
  try {
    const token = account.refreshTokenEncrypted
      ? ctx.vault.decrypt(account.refreshTokenEncrypted, sealedField.refreshToken(account.id))
      : ctx.vault.decrypt(account.accessTokenEncrypted, sealedField.accessToken(account.id));
    await provider.revokeToken(token);
    revoked = true;
  } catch (error) {
    ctx.logger.warn(
      { accountId: account.id, err: error instanceof Error ? error.message : String(error) },
      'token revocation failed; disconnecting anyway',
    );
  }
  // Calendars and their synced events cascade with the account; time entries are not linked by a cascading key.
  await ctx.prisma.userOAuthAccount.delete({ where: { id: account.id } });
  await forgetCalendarList(ctx, account.id);
  return { revoked };
}
