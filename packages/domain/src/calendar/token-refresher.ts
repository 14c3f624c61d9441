import { AppError } from '@billops/core';
import { Prisma, queryRows, sealedField, withAdvisoryLock, withTransaction, type UserOAuthAccount } from '@billops/db';
import { isProviderError, ProviderError, type CalendarProviderName } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { reauthRequiredJobId } from '../jobs/notify-reauth-required/definition.ts';
import { recordJob } from '../outbox/record-job.ts';
import { reauthRequired } from '../provider-errors.ts';
import { calendarProvider } from './provider-of.ts';

/** Access tokens are refreshed when they expire within this margin, so no provider call starts with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

type RefresherContext = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;

/** What every provider call reads of its account (once per sync pass): the token and whether it is still good. */
type StoredToken = Pick<UserOAuthAccount, 'id' | 'provider' | 'status' | 'accessTokenEncrypted' | 'expiresAt'>;

const isFresh = (account: Pick<UserOAuthAccount, 'expiresAt'>, now: Date) =>
  account.expiresAt !== null && account.expiresAt.getTime() - now.getTime() > REFRESH_MARGIN_MS;

/**
 * A usable access token for an OAuth account, refreshed ahead of expiry. Refreshes of one account
 * are serialized across every process by a PostgreSQL advisory lock; whoever gets the lock second
 * re-reads the row and reuses the token the first one stored, so one refresh reaches the provider.
 * `force` refreshes even a token that looks fresh (the provider rejected it) unless another caller
 * already replaced it.
 */
export async function getAccessToken(ctx: RefresherContext, accountId: string, options: { force?: boolean } = {}): Promise<string> {
  // Plain SQL on this hot path (every sync reads it): the ORM's per-call compilation costs more than the read.
  const [account] = await queryRows<StoredToken>(
    ctx.prisma,
    Prisma.sql`SELECT id, provider::text AS provider, status::text AS status, access_token_encrypted AS "accessTokenEncrypted",
                      expires_at AS "expiresAt"
               FROM user_oauth_accounts WHERE id = ${accountId}::uuid`,
  );
  if (!account) throw AppError.notFound('OAuth account');
  if (account.status !== 'active') throw reauthRequired(account.provider);
  if (!options.force && isFresh(account, ctx.now()))
    return ctx.vault.decrypt(account.accessTokenEncrypted, sealedField.accessToken(account.id));

  type Outcome = { token: string } | { permanent: ProviderError };
  const outcome = await withAdvisoryLock(ctx.prisma, `oauth-refresh:${accountId}`, async (tx): Promise<Outcome> => {
    const current = await tx.userOAuthAccount.findUnique({ where: { id: accountId } });
    if (!current) throw AppError.notFound('OAuth account');
    if (current.status !== 'active') throw reauthRequired(current.provider);
    const replacedMeanwhile = current.accessTokenEncrypted !== account.accessTokenEncrypted;
    if (options.force ? replacedMeanwhile : isFresh(current, ctx.now()))
      return { token: ctx.vault.decrypt(current.accessTokenEncrypted, sealedField.accessToken(current.id)) };
    if (!current.refreshTokenEncrypted)
      return { permanent: new ProviderError(current.provider, 'auth_revoked', 'No refresh token stored') };

    const provider = calendarProvider(ctx, current.provider as CalendarProviderName);
    try {
      const storedRefreshToken = ctx.vault.decrypt(current.refreshTokenEncrypted, sealedField.refreshToken(current.id));
      const tokens = await provider.refreshAccessToken(storedRefreshToken);
      // Always keep the newest refresh token; keep the old one when the provider sent none, moving
      // it to the current key if it was sealed with an older one (so retired keys can be dropped).
      const refreshToken = tokens.refreshToken ?? (ctx.vault.needsRotation(current.refreshTokenEncrypted) ? storedRefreshToken : undefined);
      await tx.userOAuthAccount.update({
        where: { id: current.id },
        data: {
          accessTokenEncrypted: ctx.vault.encrypt(tokens.accessToken, sealedField.accessToken(current.id)),
          ...(refreshToken ? { refreshTokenEncrypted: ctx.vault.encrypt(refreshToken, sealedField.refreshToken(current.id)) } : {}),
          expiresAt: tokens.expiresAt,
          ...(tokens.scopes.length > 0 ? { scopes: tokens.scopes } : {}),
          lastRefreshedAt: ctx.now(),
          lastRefreshError: null,
        },
      });
      return { token: tokens.accessToken };
    } catch (error) {
      if (isProviderError(error) && !error.retryable) return { permanent: error };
      // Transient: never mark the account; the caller (or its job) retries.
      throw error;
    }
  });

  if ('token' in outcome) return outcome.token;
  // Marked after the lock is released: the refresh transaction itself wrote nothing.
  await markNeedsReauth(ctx, accountId, outcome.permanent.message);
  throw reauthRequired(account.provider);
}

/**
 * The grant is gone: mark the account `needs_reauth`, record why, pause its calendars, and ask
 * for one notification (the compare-and-set on `reauth_notified_at` makes it exactly one).
 */
export async function markNeedsReauth(
  ctx: Pick<ServiceContext, 'prisma' | 'logger' | 'now'>,
  accountId: string,
  reason: string,
): Promise<void> {
  const now = ctx.now();
  await withTransaction(ctx.prisma, async (tx) => {
    const firstTime = await tx.userOAuthAccount.updateMany({
      where: { id: accountId, reauthNotifiedAt: null },
      data: { status: 'needs_reauth', lastRefreshError: reason, reauthNotifiedAt: now },
    });
    if (firstTime.count === 0)
      await tx.userOAuthAccount.updateMany({ where: { id: accountId }, data: { status: 'needs_reauth', lastRefreshError: reason } });
    await tx.calendarIntegration.updateMany({
      where: { oauthAccountId: accountId },
      data: { syncStatus: 'paused', lastError: 'Calendar connection needs to be re-authorized' },
    });
    // In the same transaction as the mark: the one notification exists exactly when the mark does.
    if (firstTime.count === 1)
      await recordJob(tx, 'notifyReauthRequired', { oauthAccountId: accountId }, { jobId: reauthRequiredJobId(accountId, now) });
  });
  ctx.logger.warn({ accountId }, 'oauth account needs re-authorization');
}

/**
 * Calls the provider with the account's token; if the provider rejects the token (401) it is
 * refreshed once and the call retried. A second rejection means the grant no longer works.
 * `session` carries the token across a run of calls (one sync pass): read once instead of once
 * per page, and replaced when the provider rejects it.
 */
export async function withAccessToken<T>(
  ctx: RefresherContext,
  accountId: string,
  call: (accessToken: string) => Promise<T>,
  session: { token?: string } = {},
): Promise<T> {
  const token = (session.token ??= await getAccessToken(ctx, accountId));
  try {
    return await call(token);
  } catch (error) {
    if (!isProviderError(error) || error.kind !== 'unauthorized') throw error;
    const refreshed = (session.token = await getAccessToken(ctx, accountId, { force: true }));
    try {
      return await call(refreshed);
    } catch (retryError) {
      if (isProviderError(retryError) && retryError.kind === 'unauthorized') {
        await markNeedsReauth(ctx, accountId, retryError.message);
        throw reauthRequired(retryError.provider);
      }
      throw retryError;
    }
  }
}
