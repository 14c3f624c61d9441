import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../server.ts';

/** The fake Microsoft's own surface: wire formats Microsoft documents and the `_control` API. */
let sandbox: RunningSandbox;
const ms = (path: string) => `${sandbox.url}/microsoft${path}`;
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const redirectUri = 'http://localhost:8000/api/v1/integrations/microsoft/callback';
const verifier = 'v'.repeat(50);

async function tokens() {
  const authorize = new URL(ms('/login/common/oauth2/v2.0/authorize'));
  authorize.search = new URLSearchParams({
    client_id: 'sandbox-microsoft-client',
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'offline_access Calendars.Read User.Read',
    state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const response = await fetch(ms('/login/common/oauth2/v2.0/token'), {
    method: 'POST',
    body: new URLSearchParams({
      client_id: 'sandbox-microsoft-client',
      client_secret: 'sandbox-microsoft-secret',
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  return (await response.json()) as { access_token: string; refresh_token: string; scope: string; expires_in: number; token_type: string };
}

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe('microsoft sandbox', () => {
  it('starts with a demo mailbox and resets to an empty one (or re-seeds on request)', async () => {
    expect(sandbox.microsoft.state.events.size).toBeGreaterThan(5);
    expect((await fetch(ms('/_control/reset'), json({}))).status).toBe(204);
    expect(sandbox.microsoft.state.events.size).toBe(0);
    await fetch(ms('/_control/reset'), json({ seed: true }));
    expect([...sandbox.microsoft.state.events.values()].some((e) => e.type === 'occurrence')).toBe(true);
  });

  it('answers the token endpoint in the identity platform format, errors included', async () => {
    await fetch(ms('/_control/reset'), json({}));
    const granted = await tokens();
    expect(granted).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3599,
      scope: 'https://graph.microsoft.com/Calendars.Read https://graph.microsoft.com/User.Read',
    });

    await fetch(ms('/_control/revoke-consent'), json({ aadsts: 50057 }));
    const refused = await fetch(ms('/login/common/oauth2/v2.0/token'), {
      method: 'POST',
      body: new URLSearchParams({
        client_id: 'sandbox-microsoft-client',
        client_secret: 'sandbox-microsoft-secret',
        grant_type: 'refresh_token',
        refresh_token: granted.refresh_token,
      }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      'correlation_id',
      'error',
      'error_codes',
      'error_description',
      'error_uri',
      'timestamp',
      'trace_id',
    ]);
    expect(body).toMatchObject({
      error: 'invalid_grant',
      error_codes: [50057],
      error_description: expect.stringMatching(/^AADSTS50057: The user account is disabled\./),
    });
  });

  it('drives events through the control API and serves them on Graph in UTC without offsets', async () => {
    await fetch(ms('/_control/reset'), json({}));
    const { access_token: token } = await tokens();
    const created = (await (
      await fetch(ms('/_control/events'), json({ subject: 'Review', start: '2026-11-25T14:00:00Z', end: '2026-11-25T15:00:00+00:00' }))
    ).json()) as { id: string };
    const series = (await (
      await fetch(ms('/_control/series'), json({ subject: 'Daily', start: '2026-11-26T09:00:00Z', end: '2026-11-26T09:15:00Z', count: 2 }))
    ).json()) as {
      seriesMasterId: string;
      occurrences: { id: string }[];
    };
    expect(series.occurrences).toHaveLength(2);
    const patched = await fetch(ms(`/_control/events/${created.id}`), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Review v2' }),
    });
    expect(patched.status).toBe(200);
    expect((await fetch(ms('/_control/events/nope'), { method: 'DELETE' })).status).toBe(400);

    const calendarId = sandbox.microsoft.state.defaultCalendar.id;
    const window = 'startDateTime=2026-11-20T00:00:00Z&endDateTime=2026-12-20T00:00:00Z';
    const url = `${ms('/graph/v1.0')}/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta?${window}`;
    const page = (await (await fetch(url, { headers: { authorization: `Bearer ${token}`, prefer: 'outlook.timezone="UTC"' } })).json()) as {
      value: { id: string; subject: string; type: string; seriesMasterId: string | null; start: { dateTime: string; timeZone: string } }[];
      '@odata.deltaLink': string;
    };
    // Occurrences come minimal (id, type, seriesMasterId, start, end): the subject lives on the master.
    expect(page.value.map((e) => [e.subject, e.type, e.start.dateTime, e.start.timeZone])).toEqual([
      ['Review v2', 'singleInstance', '2026-11-25T14:00:00.0000000', 'UTC'],
      [undefined, 'occurrence', '2026-11-26T09:00:00.0000000', 'UTC'],
      [undefined, 'occurrence', '2026-11-27T09:00:00.0000000', 'UTC'],
    ]);
    expect(Object.keys(page.value[1]!).sort()).toEqual(['@odata.etag', '@odata.type', 'end', 'id', 'seriesMasterId', 'start', 'type']);
    const master = (await (
      await fetch(`${ms('/graph/v1.0')}/me/events/${encodeURIComponent(series.seriesMasterId)}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { subject: string; type: string };
    expect(master).toMatchObject({ subject: 'Daily', type: 'seriesMaster' });
    expect((await fetch(`${ms('/graph/v1.0')}/me/events/AAMkNope`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);
    expect(page['@odata.deltaLink']).toContain('$deltatoken=');

    // Plain calendarView pages with $top/$skip.
    const view = `${ms('/graph/v1.0')}/me/calendars/${encodeURIComponent(calendarId)}/calendarView?${window}&$top=2`;
    const firstView = (await (await fetch(view, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      value: unknown[];
      '@odata.nextLink': string;
    };
    expect(firstView.value).toHaveLength(2);
    const nextView = (await (await fetch(firstView['@odata.nextLink'], { headers: { authorization: `Bearer ${token}` } })).json()) as {
      value: { subject: string }[];
      '@odata.nextLink'?: string;
    };
    expect(nextView.value.map((e) => e.subject)).toEqual(['Daily']);
    expect(nextView['@odata.nextLink']).toBeUndefined();

    await fetch(ms('/_control/expire-delta-tokens'), json({}));
    const gone = await fetch(page['@odata.deltaLink'], { headers: { authorization: `Bearer ${token}` } });
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: 'syncStateNotFound', innerError: { 'request-id': expect.any(String) } } });
  });

  it('pages calendar views as Graph documents: 10 events unasked, the preferred size up to 1000, never more', async () => {
    await fetch(ms('/_control/reset'), json({}));
    const { access_token: token } = await tokens();
    const calendarId = sandbox.microsoft.state.defaultCalendar.id;
    for (let i = 0; i < 1001; i += 1) {
      const start = new Date(Date.UTC(2026, 10, 21) + i * 600_000);
      sandbox.microsoft.state.addEvent({ subject: `Event ${i}`, start, end: new Date(start.getTime() + 300_000) });
    }
    const window = 'startDateTime=2026-11-20T00:00:00Z&endDateTime=2026-12-20T00:00:00Z';
    const graph = `${ms('/graph/v1.0')}/me/calendars/${encodeURIComponent(calendarId)}`;
    const count = async (url: string, prefer?: string) => {
      const headers = { authorization: `Bearer ${token}`, ...(prefer ? { prefer } : {}) };
      return ((await (await fetch(url, { headers })).json()) as { value: unknown[] }).value.length;
    };
    expect(await count(`${graph}/calendarView/delta?${window}`)).toBe(10);
    expect(await count(`${graph}/calendarView/delta?${window}`, 'odata.maxpagesize=250')).toBe(250);
    expect(await count(`${graph}/calendarView/delta?${window}`, 'outlook.timezone="UTC", odata.maxpagesize=5000')).toBe(1000);
    expect(await count(`${graph}/calendarView?${window}&$top=5000`)).toBe(1000);
    // A test can still force smaller pages than Graph's own.
    await fetch(ms('/_control/settings'), json({ maxPageSize: 3 }));
    expect(await count(`${graph}/calendarView/delta?${window}`, 'odata.maxpagesize=1000')).toBe(3);
  });

  it('injects faults with Retry-After, expires access tokens and counts requests', async () => {
    await fetch(ms('/_control/reset'), json({}));
    const { access_token: token } = await tokens();
    await fetch(ms('/_control/faults'), json({ target: 'graph', status: 429, retryAfterSeconds: 5 }));
    const throttled = await fetch(`${ms('/graph/v1.0')}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('5');
    expect(await throttled.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect((await fetch(`${ms('/graph/v1.0')}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await fetch(ms('/_control/expire-access-tokens'), json({}));
    const expired = await fetch(`${ms('/graph/v1.0')}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    const counters = (await (await fetch(ms('/_control/counters'))).json()) as Record<string, number>;
    expect(counters).toMatchObject({ 'graph:me': 3, token: 1, 'token:authorization_code': 1, authorize: 1 });
    expect((await fetch(ms('/_control/faults'), json({ status: 99 }))).status).toBe(400);
  });
});
