import { randomUUID } from 'node:crypto';
import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { AADSTS_DESCRIPTIONS, sendTokenError } from './formats.ts';
import { MicrosoftSandboxState } from './state.ts';

export const SANDBOX_MICROSOFT_CLIENT = { clientId: 'sandbox-microsoft-client', clientSecret: 'sandbox-microsoft-secret' } as const;

const authorizeQuery = z.object({
  client_id: z.string(),
  response_type: z.literal('code'),
  redirect_uri: z.url(),
  scope: z.string().min(1),
  state: z.string().optional(),
  response_mode: z.enum(['query', 'fragment', 'form_post']).optional(),
  code_challenge: z.string().min(43),
  code_challenge_method: z.literal('S256'),
});

const tokenForm = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string(),
    redirect_uri: z.string(),
    code_verifier: z.string().optional(),
    scope: z.string().optional(),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string(), scope: z.string().optional() }),
]);

/** Scopes as the token endpoint echoes them: Graph permissions as resource URIs, OIDC ones bare. */
const grantedScopeString = (scopes: string[]) =>
  scopes
    .filter((scope) => scope !== 'offline_access')
    .map((scope) => (['openid', 'email', 'profile'].includes(scope) ? scope : `https://graph.microsoft.com/${scope}`))
    .join(' ');

function clientCredentials(req: Request): { clientId?: string; clientSecret?: string } {
  const basic = /^Basic (.+)$/i.exec(req.get('authorization') ?? '');
  if (basic?.[1]) {
    const [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { clientId: decodeURIComponent(clientId ?? ''), clientSecret: decodeURIComponent(clientSecret ?? '') };
  }
  const body = req.body as Record<string, unknown>;
  return {
    clientId: typeof body.client_id === 'string' ? body.client_id : undefined,
    clientSecret: typeof body.client_secret === 'string' ? body.client_secret : undefined,
  };
}

/** The fake identity platform v2.0: `/login/{tenant}/oauth2/v2.0/authorize` and `/token`. */
export function identityRouter(state: MicrosoftSandboxState): Router {
  const router = Router();

  // The consent screen approves at once (or denies when told to) and redirects with code + state.
  router.get('/login/:tenant/oauth2/v2.0/authorize', (req, res) => {
    state.count('authorize');
    const query = authorizeQuery.safeParse(req.query);
    if (!query.success || query.data.client_id !== SANDBOX_MICROSOFT_CLIENT.clientId) {
      res
        .status(400)
        .type('text/plain')
        .send(
          `AADSTS900144/AADSTS700016: invalid authorize request (${query.success ? 'unknown client_id' : query.error.issues[0]?.message})`,
        );
      return;
    }
    const target = new URL(query.data.redirect_uri);
    if (state.denyConsent) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
    } else {
      const scopes = query.data.scope.split(/\s+/).filter(Boolean);
      target.searchParams.set(
        'code',
        state.issueCode({
          clientId: query.data.client_id,
          redirectUri: query.data.redirect_uri,
          codeChallenge: query.data.code_challenge,
          scopes,
        }),
      );
      target.searchParams.set('session_state', randomUUID());
    }
    if (query.data.state !== undefined) target.searchParams.set('state', query.data.state);
    res.redirect(302, target.toString());
  });

  router.post('/login/:tenant/oauth2/v2.0/token', express.urlencoded({ extended: false }), (req, res) => {
    state.count('token');
    const fault = state.takeFault('token');
    if (fault) {
      if (fault.retryAfterSeconds !== undefined) res.set('Retry-After', String(fault.retryAfterSeconds));
      sendTokenError(res, fault.status, fault.code ?? 'temporarily_unavailable', 9002313, 'The service is temporarily unavailable.');
      return;
    }
    const { clientId, clientSecret } = clientCredentials(req);
    if (clientId !== SANDBOX_MICROSOFT_CLIENT.clientId || clientSecret !== SANDBOX_MICROSOFT_CLIENT.clientSecret) {
      sendTokenError(res, 401, 'invalid_client', 7000215, AADSTS_DESCRIPTIONS[7000215] ?? '');
      return;
    }
    const form = tokenForm.safeParse(req.body);
    if (!form.success) {
      sendTokenError(res, 400, 'invalid_request', 900144, AADSTS_DESCRIPTIONS[900144] ?? '');
      return;
    }
    const grantError = (aadsts: number) =>
      sendTokenError(res, 400, 'invalid_grant', aadsts, AADSTS_DESCRIPTIONS[aadsts] ?? 'Invalid grant.');

    let grantId: string;
    let scopes: string[];
    if (form.data.grant_type === 'authorization_code') {
      state.count('token:authorization_code');
      const code = state.codes.get(form.data.code);
      if (!code || code.expiresAt <= Date.now()) return grantError(70008);
      if (code.redeemed) return grantError(54005);
      if (code.redirectUri !== form.data.redirect_uri) return grantError(70000);
      // PKCE: the verifier must hash to the challenge sent to /authorize.
      if (!form.data.code_verifier || MicrosoftSandboxState.pkceChallenge(form.data.code_verifier) !== code.codeChallenge)
        return grantError(501481);
      code.redeemed = true;
      grantId = randomUUID();
      scopes = code.scopes;
    } else {
      state.count('token:refresh_token');
      const entry = state.refreshTokens.get(form.data.refresh_token);
      if (!entry) return grantError(9002313);
      const revokedWith = state.grants.get(entry.grantId)?.revokedWith ?? null;
      if (revokedWith !== null) return grantError(revokedWith);
      // Rotation: a refresh token works once; its successor is in the response.
      if (entry.rotated) return grantError(70008);
      entry.rotated = true;
      grantId = entry.grantId;
      scopes = entry.scopes;
    }
    const tokens = state.issueTokens(grantId, scopes);
    res.set('Cache-Control', 'no-store').json({
      token_type: 'Bearer',
      scope: grantedScopeString(scopes),
      expires_in: tokens.expiresIn,
      ext_expires_in: tokens.expiresIn,
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken,
    });
  });

  return router;
}
