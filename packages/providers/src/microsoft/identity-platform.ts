import type { OAuthTokens } from '../calendar/types.ts';
import { ProviderError } from '../shared/provider-error.ts';
import { tokenResponseSchema } from './identity-schemas.ts';
import { tokenEndpointError } from './token-errors.ts';

export type IdentityPlatformSettings = {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  tokenUrl: string;
};

/** Graph returns granted scopes as resource URIs ("https://graph.microsoft.com/Calendars.Read"). */
const GRAPH_RESOURCE_PREFIX = /^https:\/\/graph\.microsoft\.com\//i;
export const normalizeScopes = (scope: string): string[] =>
  scope
    .split(/\s+/)
    .filter(Boolean)
    .map((value) => value.replace(GRAPH_RESOURCE_PREFIX, ''));

/**
 * The Microsoft identity platform (v2.0) authorization-code flow with PKCE. The token endpoint is a
 * plain form POST, so no SDK: `fetch` plus zod on the way back.
 */
export class IdentityPlatformClient {
  constructor(
    private readonly settings: IdentityPlatformSettings,
    private readonly options: { timeoutMs: number; now: () => Date },
  ) {}

  authorizationUrl(input: { scopes: string[]; state: string; codeChallenge: string; redirectUri: string; loginHint?: string }): string {
    const url = new URL(this.settings.authorizeUrl);
    url.search = new URLSearchParams({
      client_id: this.settings.clientId,
      response_type: 'code',
      redirect_uri: input.redirectUri,
      response_mode: 'query',
      scope: input.scopes.join(' '),
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
      ...(input.loginHint ? { login_hint: input.loginHint } : {}),
    }).toString();
    return url.toString();
  }

  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string; scopes: string[] }): Promise<OAuthTokens> {
    return this.requestToken({
      grant_type: 'authorization_code',
      code: input.code,
      code_verifier: input.codeVerifier,
      redirect_uri: input.redirectUri,
      scope: input.scopes.join(' '),
    });
  }

  /** Microsoft rotates refresh tokens: the returned `refreshToken` must replace the stored one. */
  refresh(refreshToken: string, scopes: string[]): Promise<OAuthTokens> {
    return this.requestToken({ grant_type: 'refresh_token', refresh_token: refreshToken, scope: scopes.join(' ') });
  }

  private async requestToken(params: Record<string, string>): Promise<OAuthTokens> {
    const body = new URLSearchParams({ client_id: this.settings.clientId, client_secret: this.settings.clientSecret, ...params });
    let response: Response;
    try {
      response = await fetch(this.settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new ProviderError('microsoft', 'transient', 'Microsoft token endpoint unreachable', { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw tokenEndpointError(response.status, text, response.headers.get('retry-after'));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = tokenResponseSchema.safeParse(json);
    if (!parsed.success) {
      throw new ProviderError('microsoft', 'permanent', 'Microsoft token endpoint returned an unexpected response', {
        status: response.status,
      });
    }
    const tokens = parsed.data;
    return {
      accessToken: tokens.access_token,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      expiresAt: new Date(this.options.now().getTime() + tokens.expires_in * 1000),
      scopes: normalizeScopes(tokens.scope),
    };
  }
}
