import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server.ts';
import { SANDBOX_GOOGLE_CLIENT } from './store.ts';

let sandbox: RunningSandbox;
/** Response bodies are asserted on shape, so they are read untyped. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (res: Response): Promise<any> => res.json();
const redirectUri = 'http://localhost:8000/api/v1/integrations/google/callback';
const verifier = 'a'.repeat(43) + 'verifier';
const challenge = createHash('sha256').update(verifier).digest('base64url');

const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});
const token = (body: Record<string, string>) =>
  fetch(
    `${sandbox.url}/google/token`,
    form({ client_id: SANDBOX_GOOGLE_CLIENT.clientId, client_secret: SANDBOX_GOOGLE_CLIENT.clientSecret, ...body }),
  );
const control = (method: string, path: string, body?: unknown) =>
  fetch(`${sandbox.url}/google/_control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function authorizeCode(extra: Record<string, string> = {}) {
  const url = new URL(`${sandbox.url}/google/o/oauth2/v2/auth`);
  const params = {
    client_id: SANDBOX_GOOGLE_CLIENT.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email https://www.googleapis.com/auth/calendar.readonly',
    access_type: 'offline',
    state: 's1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  return new URL(res.headers.get('location')!);
}

async function accessToken() {
  const back = await authorizeCode();
  const res = await token({
    grant_type: 'authorization_code',
    code: back.searchParams.get('code')!,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  return (await json(res)) as { access_token: string; refresh_token: string; scope: string; expires_in: number };
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
});

describe('Google sandbox OAuth', () => {
  it('issues tokens for a code with the right PKCE verifier, once, and reports granted scopes in long form', async () => {
    const back = await authorizeCode();
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    const wrong = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: 'b'.repeat(50) });
    expect(wrong.status).toBe(400);
    expect(await json(wrong)).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    const ok = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
    const body = await json(ok);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    expect(body.scope.split(' ').sort()).toEqual([
      'https://www.googleapis.com/auth/calendar.readonly',
      'https://www.googleapis.com/auth/userinfo.email',
      'openid',
    ]);
    expect(body.refresh_token).toBeTruthy();
    const again = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(await json(again)).toEqual({ error: 'invalid_grant', error_description: 'Bad Request' });
  });

  it('denies on request, rejects bad clients, and answers invalid_grant for a revoked refresh token', async () => {
    const denied = await authorizeCode({ deny: '1' });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
    const badClient = await fetch(
      `${sandbox.url}/google/token`,
      form({ client_id: SANDBOX_GOOGLE_CLIENT.clientId, client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: 'x' }),
    );
    expect(badClient.status).toBe(401);
    expect((await json(badClient)).error).toBe('invalid_client');
    const tokens = await accessToken();
    expect((await fetch(`${sandbox.url}/google/revoke?token=${encodeURIComponent(tokens.refresh_token)}`, { method: 'POST' })).status).toBe(
      200,
    );
    const refresh = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refresh.status).toBe(400);
    expect(await json(refresh)).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
  });
});

describe('Google sandbox Calendar API', () => {
  it('answers 401 with Google’s error body for a missing or expired token', async () => {
    const res = await fetch(`${sandbox.url}/google/calendar/v3/users/me/calendarList`);
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.error).toMatchObject({
      code: 401,
      status: 'UNAUTHENTICATED',
      errors: [expect.objectContaining({ reason: 'authError', domain: 'global' })],
    });
  });

  it('returns cancelled stubs incrementally and 410 fullSyncRequired for an invalidated sync token', async () => {
    const { access_token } = await accessToken();
    const headers = { Authorization: `Bearer ${access_token}` };
    await control('POST', '/calendars', { id: 'wire@group.calendar.google.com' });
    const start = new Date(Date.now() + 3600_000).toISOString();
    const end = new Date(Date.now() + 7200_000).toISOString();
    const created = await json(
      await control('POST', '/calendars/wire%40group.calendar.google.com/events', {
        summary: 'Wire',
        start: { dateTime: start },
        end: { dateTime: end },
      }),
    );
    const list = (query: string) =>
      fetch(`${sandbox.url}/google/calendar/v3/calendars/wire%40group.calendar.google.com/events?singleEvents=true&${query}`, { headers });
    const full = await json(await list(`timeMin=${encodeURIComponent(new Date(Date.now() - 86400_000).toISOString())}`));
    expect(full).toMatchObject({
      kind: 'calendar#events',
      items: [expect.objectContaining({ id: created.event.id, status: 'confirmed', summary: 'Wire' })],
    });
    expect(full.nextSyncToken).toBeTruthy();

    await control('DELETE', `/calendars/wire%40group.calendar.google.com/events/${created.event.id}`);
    const incremental = await json(await list(`syncToken=${encodeURIComponent(full.nextSyncToken)}`));
    expect(incremental.items).toEqual([expect.objectContaining({ kind: 'calendar#event', id: created.event.id, status: 'cancelled' })]);
    expect(incremental.items[0].summary).toBeUndefined();

    await control('POST', '/sync-tokens/invalidate');
    const gone = await list(`syncToken=${encodeURIComponent(incremental.nextSyncToken)}`);
    expect(gone.status).toBe(410);
    expect(await json(gone)).toEqual({
      error: {
        code: 410,
        message: 'Sync token is no longer valid, a full sync is required.',
        errors: [{ message: 'Sync token is no longer valid, a full sync is required.', domain: 'global', reason: 'fullSyncRequired' }],
        status: 'GONE',
      },
    });
  });

  it('injects 429 with Retry-After for the next N requests and counts requests', async () => {
    const { access_token } = await accessToken();
    await control('POST', '/faults', { endpoint: 'calendarList', status: 429, retryAfter: '3', count: 1 });
    const limited = await fetch(`${sandbox.url}/google/calendar/v3/users/me/calendarList`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await json(limited)).error.errors[0].reason).toBe('rateLimitExceeded');
    const ok = await fetch(`${sandbox.url}/google/calendar/v3/users/me/calendarList`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(ok.status).toBe(200);
    await control('POST', '/faults', { endpoint: '/calendar/v3/users/me', status: 500, count: 1 });
    const failing = await fetch(`${sandbox.url}/google/calendar/v3/users/me/calendarList`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(failing.status).toBe(500);
    expect((await json(failing)).error.errors[0].reason).toBe('backendError');
    const counters = await json(await control('GET', '/counters'));
    expect(counters.requests.calendarList).toBeGreaterThanOrEqual(3);
  });
});
