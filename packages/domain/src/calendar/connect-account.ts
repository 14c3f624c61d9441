import { randomUUID } from 'node:crypto';
import { AppError } from '@billops/core';
import { isUniqueViolation, type UserOAuthAccount, sealedField } from '@billops/db';
import {
  isProviderError,
  type CalendarProviderName,
  type OAuthTokens,
  type ProviderAccountInfo,
  type ProviderCalendar,
} from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { rememberCalendarList } from './calendar-list.ts';
import { consumeOAuthState, issueOAuthState } from './oauth-state.ts';
import { calendarProvider } from './provider-of.ts';

type ConnectContext = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;

/** Step one: the provider's consent URL (offline access, PKCE S256) and the state the callback must bring back. */
export async function startCalendarAuthorization(
  ctx: ConnectContext,
  input: { userId: string; organizationId: string; provider: CalendarProviderName; redirectUri: string },
): Promise<{ authUrl: string; state: string }> {
  const provider = calendarProvider(ctx, input.provider);
  const issued = await issueOAuthState(ctx, { userId: input.userId, organizationId: input.organizationId, provider: input.provider });
  return {
    authUrl: provider.authorizationUrl({ state: issued.state, codeChallenge: issued.codeChallenge, redirectUri: input.redirectUri }),
    state: issued.state,
  };
}

export type CallbackInput = {
  provider: CalendarProviderName;
  state: string;
  code?: string;
  /** What the provider put in the redirect instead of a code (`access_denied`...). */
  error?: string;
  redirectUri: string;
  /** The authenticated caller (POST callback); the browser redirect (GET) has only the state. */
  userId?: string;
};

/**
 * Step two: consume the state, exchange the code, check the granted scopes, and store the account
 * with its tokens encrypted (the row id as associated data). Returns the account's calendars.
 */
export async function completeCalendarAuthorization(
  ctx: ConnectContext,
  input: CallbackInput,
): Promise<{ account: UserOAuthAccount; calendars: ProviderCalendar[] }> {
  const provider = calendarProvider(ctx, input.provider);
  const state = await consumeOAuthState(ctx, { state: input.state, provider: input.provider, userId: input.userId });
  if (input.error || !input.code) {
    const reason = input.error === 'access_denied' ? 'access_denied' : 'authorization_failed';
    throw new AppError(
      'bad_request',
      input.error === 'access_denied' ? 'Access was denied at the provider' : `The provider did not authorize: ${input.error ?? 'no code'}`,
      { reason },
    );
  }

  let tokens: OAuthTokens;
  try {
    tokens = await provider.exchangeCode({ code: input.code, codeVerifier: state.codeVerifier, redirectUri: input.redirectUri });
  } catch (error) {
    if (isProviderError(error) && !error.retryable) {
      throw new AppError('bad_request', 'The authorization code was rejected (expired, reused or not issued for this app)', {
        reason: error.providerCode === 'invalid_grant' ? 'invalid_grant' : 'code_exchange_failed',
      });
    }
    throw error;
  }
  const missing = provider.requiredScopes.filter((scope) => !tokens.scopes.includes(scope));
  if (missing.length > 0) {
    await provider.revokeToken(tokens.refreshToken ?? tokens.accessToken).catch(() => undefined);
    throw new AppError('bad_request', `Calendar access was not granted (missing: ${missing.join(', ')})`, {
      reason: 'insufficient_scopes',
    });
  }
  const info = await provider.getAccount(tokens.accessToken);
  const account = await storeAccount(ctx, { userId: state.userId, provider: input.provider, tokens, info });
  const calendars = await provider.listCalendars(tokens.accessToken);
  await rememberCalendarList(ctx, account.id, calendars);
  return { account, calendars };
}

/** Insert or update the user's account for the provider; a reconnect resumes its paused calendars. */
async function storeAccount(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'now'>,
  input: { userId: string; provider: CalendarProviderName; tokens: OAuthTokens; info: ProviderAccountInfo },
): Promise<UserOAuthAccount> {
  const { tokens, info } = input;
  const fields = (id: string) => ({
    providerAccountId: info.accountId,
    providerEmail: info.email,
    scopes: tokens.scopes,
    accessTokenEncrypted: ctx.vault.encrypt(tokens.accessToken, sealedField.accessToken(id)),
    ...(tokens.refreshToken ? { refreshTokenEncrypted: ctx.vault.encrypt(tokens.refreshToken, sealedField.refreshToken(id)) } : {}),
    expiresAt: tokens.expiresAt,
    status: 'active' as const,
    lastRefreshError: null,
    lastRefreshedAt: ctx.now(),
    reauthNotifiedAt: null,
  });
  for (let attempt = 0; ; attempt += 1) {
    const existing = await ctx.prisma.userOAuthAccount.findUnique({
      where: { userId_provider: { userId: input.userId, provider: input.provider } },
    });
    try {
      if (existing) {
        // No refresh token in this answer: the stored one stays (fields() leaves it out).
        const account = await ctx.prisma.userOAuthAccount.update({ where: { id: existing.id }, data: fields(existing.id) });
        await ctx.prisma.calendarIntegration.updateMany({
          where: { oauthAccountId: account.id, syncStatus: 'paused' },
          data: { syncStatus: 'idle', lastError: null },
        });
        return account;
      }
      const id = randomUUID();
      return await ctx.prisma.userOAuthAccount.create({ data: { id, userId: input.userId, provider: input.provider, ...fields(id) } });
    } catch (error) {
      // Two callbacks racing for the same user: the loser updates the winner's row.
      if (attempt === 0 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
