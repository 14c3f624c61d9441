import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { sendOAuthError } from './errors.ts';
import { newToken, SANDBOX_GOOGLE_CLIENT, type AccessToken, type Grant, type GoogleSandboxState } from './store.ts';

const CODE_TTL_MS = 10 * 60 * 1000;
/** Google reports `email`/`profile` by their long names in granted scopes. */
const SCOPE_ALIASES: Record<string, string> = {
  email: 'https://www.googleapis.com/auth/userinfo.email',
  profile: 'https://www.googleapis.com/auth/userinfo.profile',
};
const normalizeScopes = (scopes: string[]) => [...new Set(scopes.map((s) => SCOPE_ALIASES[s] ?? s))];

const authorizeQuery = z.object({
  client_id: z.string().min(1),
  redirect_uri: z.url(),
  response_type: z.literal('code'),
  scope: z.string().min(1),
  state: z.string().optional(),
  access_type: z.enum(['online', 'offline']).default('online'),
  code_challenge: z.string().optional(),
  code_challenge_method: z.enum(['S256', 'plain']).optional(),
  login_hint: z.string().optional(),
  deny: z.string().optional(),
});

const tokenBody = z.object({
  grant_type: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
});

/** Bearer token of a request, if valid, unexpired and its grant not revoked. */
export function authenticate(state: GoogleSandboxState, req: Request): AccessToken | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const token = match?.[1] ? state.accessTokens.get(match[1]) : undefined;
  if (!token || token.expiresAt <= Date.now() || token.grant?.revoked) return undefined;
  return token;
}

function issueAccessToken(
  state: GoogleSandboxState,
  userSub: string,
  scopes: string[],
  grant: Grant | null,
): { token: string; expiresIn: number } {
  const token = newToken('ya29.sandbox-');
  const expiresIn = state.settings.accessTokenTtlSeconds;
  state.accessTokens.set(token, { grant, userSub, scopes, expiresAt: Date.now() + expiresIn * 1000 });
  return { token, expiresIn };
}

function clientCredentials(req: Request, body: z.infer<typeof tokenBody>): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id, secret };
  }
  return { id: body.client_id, secret: body.client_secret };
}

const verifierMatches = (verifier: string, challenge: string, method: string | undefined) =>
  method === 'plain' ? verifier === challenge : createHash('sha256').update(verifier).digest('base64url') === challenge;

/** The OAuth side: consent screen (auto-approving), token, revoke and OpenID userinfo endpoints. */
export function oauthRoutes(state: GoogleSandboxState): Router {
  const router = Router();

  router.get('/o/oauth2/v2/auth', (req: Request, res: Response) => {
    const parsed = authorizeQuery.safeParse(req.query);
    if (!parsed.success) {
      res
        .status(400)
        .type('text/plain')
        .send(`Error 400: invalid_request\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`);
      return;
    }
    const q = parsed.data;
    if (q.client_id !== SANDBOX_GOOGLE_CLIENT.clientId) {
      res.status(401).type('text/plain').send('Error 401: invalid_client\nThe OAuth client was not found.');
      return;
    }
    const redirect = new URL(q.redirect_uri);
    if (q.state !== undefined) redirect.searchParams.set('state', q.state);
    if (q.deny === '1' || state.settings.denyAuthorization) {
      redirect.searchParams.set('error', 'access_denied');
      res.redirect(302, redirect.toString());
      return;
    }
    const requested = normalizeScopes(q.scope.split(/\s+/).filter(Boolean));
    const granted = state.settings.grantedScopes ? normalizeScopes(state.settings.grantedScopes) : requested;
    const user = state.userFor(q.login_hint);
    const code = newToken('4/sandbox-');
    state.authCodes.set(code, {
      clientId: q.client_id,
      redirectUri: q.redirect_uri,
      scopes: granted,
      ...(q.code_challenge ? { codeChallenge: q.code_challenge, codeChallengeMethod: q.code_challenge_method ?? 'plain' } : {}),
      offline: q.access_type === 'offline',
      userSub: user.sub,
      expiresAt: Date.now() + CODE_TTL_MS,
      used: false,
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('scope', granted.join(' '));
    redirect.searchParams.set('authuser', '0');
    redirect.searchParams.set('prompt', 'consent');
    res.redirect(302, redirect.toString());
  });

  router.post('/token', (req: Request, res: Response) => {
    const body = tokenBody.parse(req.body ?? {});
    const client = clientCredentials(req, body);
    if (client.id !== SANDBOX_GOOGLE_CLIENT.clientId) return sendOAuthError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    if (client.secret !== SANDBOX_GOOGLE_CLIENT.clientSecret) return sendOAuthError(res, 401, 'invalid_client', 'Unauthorized');

    if (body.grant_type === 'authorization_code') {
      state.counters.codeExchanges += 1;
      const code = body.code ? state.authCodes.get(body.code) : undefined;
      if (!code || code.used || code.expiresAt <= Date.now() || code.clientId !== client.id)
        return sendOAuthError(res, 400, 'invalid_grant', 'Bad Request');
      if (body.redirect_uri !== code.redirectUri) return sendOAuthError(res, 400, 'redirect_uri_mismatch', 'Bad Request');
      if (code.codeChallenge) {
        if (!body.code_verifier) return sendOAuthError(res, 400, 'invalid_grant', 'Missing code verifier.');
        if (!verifierMatches(body.code_verifier, code.codeChallenge, code.codeChallengeMethod))
          return sendOAuthError(res, 400, 'invalid_grant', 'Invalid code verifier.');
      }
      code.used = true;
      let grant: Grant | null = null;
      if (code.offline) {
        grant = { refreshToken: newToken('1//sandbox-'), userSub: code.userSub, scopes: code.scopes, revoked: false };
        state.grants.set(grant.refreshToken, grant);
      }
      const access = issueAccessToken(state, code.userSub, code.scopes, grant);
      res.json({
        access_token: access.token,
        expires_in: access.expiresIn,
        ...(grant && state.settings.issueRefreshTokens ? { refresh_token: grant.refreshToken } : {}),
        scope: code.scopes.join(' '),
        token_type: 'Bearer',
      });
      return;
    }

    if (body.grant_type === 'refresh_token') {
      state.counters.tokenRefreshes += 1;
      const grant = body.refresh_token ? state.grants.get(body.refresh_token) : undefined;
      if (!grant || grant.revoked) return sendOAuthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.');
      let rotated: string | undefined;
      if (state.settings.rotateRefreshTokens) {
        state.grants.delete(grant.refreshToken);
        grant.refreshToken = newToken('1//sandbox-');
        state.grants.set(grant.refreshToken, grant);
        rotated = grant.refreshToken;
      }
      const access = issueAccessToken(state, grant.userSub, grant.scopes, grant);
      res.json({
        access_token: access.token,
        expires_in: access.expiresIn,
        ...(rotated ? { refresh_token: rotated } : {}),
        scope: grant.scopes.join(' '),
        token_type: 'Bearer',
      });
      return;
    }
    sendOAuthError(res, 400, 'unsupported_grant_type', `Invalid grant_type: ${body.grant_type ?? ''}`);
  });

  // Revoking either token of a grant revokes the whole grant, as Google does.
  router.post('/revoke', (req: Request, res: Response) => {
    const token = String(req.query.token ?? (req.body as { token?: string } | undefined)?.token ?? '');
    const grant = state.grants.get(token) ?? state.accessTokens.get(token)?.grant ?? undefined;
    const access = state.accessTokens.get(token);
    if ((!grant || grant.revoked) && (!access || access.expiresAt <= Date.now()))
      return sendOAuthError(res, 400, 'invalid_token', 'Token expired or revoked');
    if (grant) grant.revoked = true;
    if (access) access.expiresAt = 0;
    res.json({});
  });

  router.get('/v1/userinfo', (req: Request, res: Response) => {
    const token = authenticate(state, req);
    if (!token) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="https://accounts.google.com/", error="invalid_token"');
      return sendOAuthError(res, 401, 'invalid_request', 'Invalid Credentials');
    }
    const user = state.users.get(token.userSub);
    res.json({
      sub: token.userSub,
      name: user?.name,
      given_name: user?.name,
      picture: 'https://lh3.googleusercontent.com/a/default-user',
      email: user?.email,
      email_verified: true,
    });
  });

  return router;
}
