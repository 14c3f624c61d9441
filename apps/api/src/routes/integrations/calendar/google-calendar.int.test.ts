import { sealedField } from '@billops/db';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { calendarSyncDedupId } from '@billops/domain';
import type { Job } from '@billops/queue';
import type { RunningSandbox } from '@billops/sandbox';
import { calendarSettled, createTestApp, registerUser, type TestApp } from '../../../testing/harness.ts';
import { startTestStack, type TestStack } from '../../../testing/stack.ts';

let sandbox: RunningSandbox;
let t: TestApp;

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sandbox.url}/google/_control${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status}`);
  return res.status === 204 ? undefined : res.json();
};
const isoIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** GET /authorize, then follow auth_url like a browser; the sandbox redirects back with code and state. */
async function authorize(token: string, extra = '') {
  const res = await request(t.app).get('/api/v1/integrations/google/authorize').set(auth(token)).expect(200);
  const consent = await fetch(`${res.body.auth_url}${extra}`, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  // The browser that started the flow carries its binding cookie to the GET callback.
  const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).join('; ');
  return { state: res.body.state as string, authUrl: new URL(res.body.auth_url as string), back, cookie };
}

async function connect(token: string, email: string) {
  const { state, back } = await authorize(token, `&login_hint=${encodeURIComponent(email)}`);
  return request(t.app)
    .post('/api/v1/integrations/google/callback')
    .set(auth(token))
    .send({ code: back.searchParams.get('code'), state });
}

/** Waits for the sync that selecting a calendar queued (the worker runs it) to finish. */
async function firstSyncDone(calendarId: string) {
  await eventually(
    async () => (await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: calendarId } })).syncStatus === 'succeeded',
    { what: `the first sync of ${calendarId} to succeed` },
  );
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(
    { SYNC_WAIT_MS: '10000', FRONTEND_URL: 'http://app.example.test/integrations' },
    { PROVIDER_RETRY_BASE_DELAY_MS: '10' },
  );
  ({ sandbox, t } = stack);
});

afterAll(async () => {
  await stack?.close();
});

describe('Google Calendar OAuth', () => {
  it('authorize → consent → callback stores the account with encrypted tokens and lists calendars as {id, summary}', async () => {
    const user = await registerUser(t.app);
    const { authUrl } = await authorize(user.token);
    expect(authUrl.searchParams.get('access_type')).toBe('offline');
    expect(authUrl.searchParams.get('prompt')).toBe('consent');
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/calendar.readonly');

    const res = await connect(user.token, 'oauth.happy@example.com');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('success');
    expect(res.body.calendars).toContainEqual(
      expect.objectContaining({ id: 'sandbox.user@example.com', summary: 'sandbox.user@example.com' }),
    );
    expect(JSON.stringify(res.body)).not.toMatch(/access_token|refresh_token|ya29|1\/\//);

    const account = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({
      where: { userId_provider: { userId: user.userId, provider: 'google' } },
    });
    expect(account.status).toBe('active');
    expect(account.providerEmail).toBe('oauth.happy@example.com');
    const plaintexts = [...sandbox.google.state.accessTokens.keys(), ...sandbox.google.state.grants.keys()];
    const rowText = JSON.stringify(account);
    for (const secret of plaintexts) expect(rowText).not.toContain(secret);
    for (const secret of plaintexts) expect(t.logLines.join('')).not.toContain(secret);
    expect(plaintexts).toContain(t.deps.vault.decrypt(account.accessTokenEncrypted, sealedField.accessToken(account.id)));
    expect(plaintexts).toContain(t.deps.vault.decrypt(account.refreshTokenEncrypted!, sealedField.refreshToken(account.id)));
  });

  it('rejects unknown, reused, expired and other users’ states with 400 and stores nothing', async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    const post = (token: string, body: object) => request(t.app).post('/api/v1/integrations/google/callback').set(auth(token)).send(body);

    const unknown = await post(alice.token, { state: 'not-a-state', code: 'whatever' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.reason).toBe('invalid_state');

    const first = await authorize(alice.token);
    const stolen = await post(bob.token, { state: first.state, code: first.back.searchParams.get('code') });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.reason).toBe('invalid_state');

    const expired = await authorize(alice.token);
    await t.db.prisma.oAuthState.updateMany({
      where: { usedAt: null, userId: alice.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const late = await post(alice.token, { state: expired.state, code: expired.back.searchParams.get('code') });
    expect(late.status).toBe(400);
    expect(late.body.error.reason).toBe('invalid_state');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: { in: [alice.userId, bob.userId] } } })).toBe(0);

    const ok = await authorize(alice.token);
    expect((await post(alice.token, { state: ok.state, code: ok.back.searchParams.get('code') })).status).toBe(200);
    const reused = await post(alice.token, { state: ok.state, code: ok.back.searchParams.get('code') });
    expect(reused.status).toBe(400);
    expect(reused.body.error.reason).toBe('invalid_state');
  });

  it('maps access_denied and invalid_grant to 400 with clear reasons; the browser callback redirects to the frontend', async () => {
    const user = await registerUser(t.app);
    const denied = await authorize(user.token, '&deny=1');
    expect(denied.back.searchParams.get('error')).toBe('access_denied');
    const res = await request(t.app)
      .post('/api/v1/integrations/google/callback')
      .set(auth(user.token))
      .send({ state: denied.state, error: 'access_denied' });
    expect(res.status).toBe(400);
    expect(res.body.error.reason).toBe('access_denied');

    const bad = await authorize(user.token);
    const grant = await request(t.app)
      .post('/api/v1/integrations/google/callback')
      .set(auth(user.token))
      .send({ state: bad.state, code: '4/not-a-real-code' });
    expect(grant.status).toBe(400);
    expect(grant.body.error.reason).toBe('invalid_grant');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: user.userId } })).toBe(0);

    const browserDenied = await authorize(user.token, '&deny=1');
    const redirect = await request(t.app)
      .get(`/api/v1/integrations/google/callback?${browserDenied.back.searchParams.toString()}`)
      .set('Cookie', browserDenied.cookie)
      .expect(302);
    expect(redirect.headers.location).toBe('http://app.example.test/integrations?provider=google&status=error&code=access_denied');

    const noState = await request(t.app).get('/api/v1/integrations/google/callback?code=abc').expect(302);
    expect(noState.headers.location).toBe('http://app.example.test/integrations?provider=google&status=error&code=invalid_state');

    const browserOk = await authorize(user.token);
    const success = await request(t.app)
      .get(`/api/v1/integrations/google/callback?${browserOk.back.searchParams.toString()}`)
      .set('Cookie', browserOk.cookie)
      .expect(302);
    expect(success.headers.location).toBe('http://app.example.test/integrations?provider=google&status=success');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: user.userId } })).toBe(1);
  });
});

describe('Google Calendar sync and conversion through the API and a real worker', () => {
  it('select (idempotent) → sync returns counts → events listed → convert once → bulk convert → disconnect keeps entries', async () => {
    const user = await registerUser(t.app);
    const email = 'flow.user@example.com';
    await control('POST', '/calendars', { id: 'flow@group.calendar.google.com', summary: 'Flow', timeZone: 'UTC' });
    const add = (summary: string, hours: number) =>
      control('POST', '/calendars/flow%40group.calendar.google.com/events', {
        summary,
        start: { dateTime: isoIn(hours) },
        end: { dateTime: isoIn(hours + 1.5) },
      }) as Promise<{ event: { id: string } }>;
    await add('Client A kickoff', 2);
    await add('Client B review', 5);
    const cancelled = await add('Will be cancelled', 7);
    expect((await connect(user.token, email)).status).toBe(200);

    const listed = await request(t.app).get('/api/v1/integrations/google/calendars').set(auth(user.token)).expect(200);
    expect(listed.body.calendars).toContainEqual(expect.objectContaining({ id: 'flow@group.calendar.google.com', summary: 'Flow' }));

    const select = () =>
      request(t.app)
        .post('/api/v1/integrations/google/select-calendar')
        .set(auth(user.token))
        .send({ calendar_id: 'flow@group.calendar.google.com', calendar_name: 'Flow', access_token: 'ignored' });
    const [s1, s2] = await Promise.all([select().expect(200), select().expect(200)]);
    expect(s2.body.calendar_id).toBe(s1.body.calendar_id);
    expect((await select().expect(200)).body.calendar_id).toBe(s1.body.calendar_id);
    expect(s1.body.message).toBe("Calendar 'Flow' selected");
    const calendarId = s1.body.calendar_id as string;

    await add('Added later', 9);
    const sync = await request(t.app).post(`/api/v1/integrations/google/${calendarId}/sync`).set(auth(user.token));
    expect(sync.status).toBe(200);
    expect(sync.body).toMatchObject({ status: 'success' });
    expect(typeof sync.body.events_synced).toBe('number');
    const events = await request(t.app).get('/api/v1/calendar-events').query({ calendar_id: calendarId }).set(auth(user.token)).expect(200);
    expect(events.body.data.map((e: { title: string }) => e.title)).toEqual([
      'Client A kickoff',
      'Client B review',
      'Will be cancelled',
      'Added later',
    ]);

    // The selections queued syncs of their own; one may still run after "sync now" has answered.
    await calendarSettled(t, calendarId);
    const calendars = await request(t.app).get('/api/v1/calendars').set(auth(user.token)).expect(200);
    expect(calendars.body.data).toContainEqual(
      expect.objectContaining({ id: calendarId, provider: 'google', sync_status: 'succeeded', account_status: 'active' }),
    );

    const first = events.body.data[0].id as string;
    const c1 = await request(t.app)
      .post(`/api/v1/calendar-events/${first}/convert`)
      .set(auth(user.token))
      .send({ billable: true })
      .expect(201);
    expect(c1.body.duration_seconds).toBe(5400);
    expect(c1.body.description).toBe('Client A kickoff');
    const c2 = await request(t.app).post(`/api/v1/calendar-events/${first}/convert`).set(auth(user.token)).send({}).expect(200);
    expect(c2.body.id).toBe(c1.body.id);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: user.userId } })).toBe(1);

    await control('DELETE', `/calendars/flow%40group.calendar.google.com/events/${cancelled.event.id}`);
    const resync = await request(t.app).post(`/api/v1/integrations/google/${calendarId}/sync`).set(auth(user.token)).expect(200);
    expect(resync.body).toMatchObject({ status: 'success', deleted_events: 1, new_events: 0 });
    const cancelledRow = events.body.data[2].id as string;
    const refused = await request(t.app).post(`/api/v1/calendar-events/${cancelledRow}/convert`).set(auth(user.token)).send({}).expect(409);
    expect(refused.body.error.reason).toBe('event_cancelled');

    const bulk = await request(t.app)
      .post('/api/v1/calendar-events/convert')
      .set(auth(user.token))
      .send({ event_ids: [first, events.body.data[1].id, events.body.data[3].id] })
      .expect(200);
    expect(bulk.body.data.map((d: { created: boolean }) => d.created)).toEqual([false, true, true]);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: user.userId } })).toBe(3);
    // Each new entry is announced once, after its transaction committed: the worker finds the entry.
    const notifications = t.deps.queues.events('notifications');
    for (const entry of await t.db.prisma.timeEntry.findMany({ where: { userId: user.userId } })) {
      // Recorded in the outbox with the entry; the worker's relay hands it to the queue.
      const job: Job = await eventually(() => t.deps.queues.queues.notifications.getJob(`time-entry-created-${entry.id}`), {
        what: `the notification job of entry ${entry.id}`,
      });
      const outcome = (await job.waitUntilFinished(notifications, 10_000)) as { status: string; reason?: string };
      // No Slack workspace here, so nothing is sent, but never because the entry looked deleted.
      expect(outcome).toMatchObject({ status: 'skipped' });
      expect(outcome.reason).not.toBe('entry_deleted');
    }
    await notifications.close();
    const unconverted = await request(t.app).get('/api/v1/calendar-events').query({ converted: 'false' }).set(auth(user.token)).expect(200);
    expect(unconverted.body.data).toHaveLength(0);
    const cancelledList = await request(t.app)
      .get('/api/v1/calendar-events')
      .query({ cancelled: 'true' })
      .set(auth(user.token))
      .expect(200);
    expect(cancelledList.body.data.map((e: { title: string }) => e.title)).toEqual(['Will be cancelled']);
    const paged = await request(t.app).get('/api/v1/calendar-events').query({ limit: 2 }).set(auth(user.token)).expect(200);
    expect(paged.body.data).toHaveLength(2);
    const rest = await request(t.app)
      .get('/api/v1/calendar-events')
      .query({ limit: 2, cursor: paged.body.next_cursor })
      .set(auth(user.token))
      .expect(200);
    expect([...paged.body.data, ...rest.body.data].map((e: { title: string }) => e.title)).toEqual([
      'Client A kickoff',
      'Client B review',
      'Added later',
    ]);
    expect(rest.body.next_cursor).toBeNull();

    await request(t.app).delete('/api/v1/integrations/google/account').set(auth(user.token)).expect(204);
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: user.userId } })).toBe(0);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: user.userId } })).toBe(3);
    expect(
      [...sandbox.google.state.grants.values()]
        .filter((g) => sandbox.google.state.users.get(g.userSub)?.email === email)
        .every((g) => g.revoked),
    ).toBe(true);
  });

  it('a sync that outlasts SYNC_WAIT_MS answers 202 with a job id the owner (only) can poll', async () => {
    const slow = await createTestApp(
      {
        SANDBOX_URL: sandbox.url,
        SYNC_WAIT_MS: '0',
        QUEUE_PREFIX: t.deps.config.QUEUE_PREFIX,
        TOKEN_ENCRYPTION_KEY: t.deps.config.TOKEN_ENCRYPTION_KEY,
      },
      { prisma: t.db.prisma },
    );
    try {
      const user = await registerUser(t.app);
      const other = await registerUser(t.app);
      expect((await connect(user.token, 'slow.user@example.com')).status).toBe(200);
      const { body } = await request(t.app)
        .post('/api/v1/integrations/google/select-calendar')
        .set(auth(user.token))
        .send({ calendar_id: 'sandbox.user@example.com' })
        .expect(200);
      // Let the first sync (queued by select) finish, then slow Google down so the next one is still going.
      await firstSyncDone(body.calendar_id);
      await control('POST', '/faults', { endpoint: 'events.list', delayMs: 1000, count: 1 });
      const res = await request(slow.app).post(`/api/v1/integrations/google/${body.calendar_id}/sync`).set(auth(user.token)).expect(202);
      expect(['queued', 'running']).toContain(res.body.status);
      expect(res.body.job_id).toBeTruthy();
      // A second request while it runs joins the same job.
      const joined = await request(slow.app).post(`/api/v1/integrations/google/${body.calendar_id}/sync`).set(auth(user.token)).expect(202);
      expect(joined.body.job_id).toBe(res.body.job_id);
      await request(t.app).get(`/api/v1/jobs/${res.body.job_id}`).set(auth(other.token)).expect(404);
      await eventually(
        async () =>
          (await request(t.app).get(`/api/v1/jobs/${res.body.job_id}`).set(auth(user.token)).expect(200)).body.status === 'succeeded',
        { what: `job ${res.body.job_id} to succeed` },
      );
    } finally {
      await slow.close();
    }
  });

  it('"sync now" on a calendar whose scheduled sync is waiting out its jitter starts that sync at once', async () => {
    const user = await registerUser(t.app);
    expect((await connect(user.token, 'jitter.user@example.com')).status).toBe(200);
    const { body } = await request(t.app)
      .post('/api/v1/integrations/google/select-calendar')
      .set(auth(user.token))
      .send({ calendar_id: 'sandbox.user@example.com' })
      .expect(200);
    await firstSyncDone(body.calendar_id);
    // The row says succeeded a moment before BullMQ completes the job and lets go of its dedup id.
    await eventually(async () => !(await t.deps.queues.queues.calendar.getDeduplicationJobId(calendarSyncDedupId(body.calendar_id))), {
      what: 'the first sync to release its deduplication id',
    });
    const scheduled = await t.deps.queues.enqueue(
      'calendarSync',
      { calendarId: body.calendar_id, mode: 'incremental', reason: 'scheduled' },
      { jobId: `calendar-sync-${body.calendar_id}-jitter`, deduplication: { id: calendarSyncDedupId(body.calendar_id) }, delay: 3_600_000 },
    );
    expect(await scheduled.getState()).toBe('delayed');
    // Within SYNC_WAIT_MS (10 s here), not an hour later.
    const res = await request(t.app).post(`/api/v1/integrations/google/${body.calendar_id}/sync`).set(auth(user.token)).expect(200);
    expect(res.body).toMatchObject({ status: 'success' });
    expect(await t.deps.queues.queues.calendar.getJobState(scheduled.id!)).toBe('completed');
  });

  it('refuses a consent without calendar access (400 insufficient_scopes) and stores nothing', async () => {
    const user = await registerUser(t.app);
    await control('PUT', '/settings', { grantedScopes: ['openid', 'email'] });
    try {
      const res = await connect(user.token, 'partial.consent@example.com');
      expect(res.status).toBe(400);
      expect(res.body.error.reason).toBe('insufficient_scopes');
    } finally {
      await control('PUT', '/settings', { grantedScopes: null });
    }
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: user.userId } })).toBe(0);
  });

  it('caches the calendar list, refreshes on demand, stops a calendar and pauses syncing when re-auth is needed', async () => {
    const user = await registerUser(t.app);
    expect((await connect(user.token, 'cache.user@example.com')).status).toBe(200);
    const calendarListCalls = async () =>
      ((await control('GET', '/counters')) as { requests: Record<string, number> }).requests.calendarList ?? 0;
    const before = await calendarListCalls();
    await request(t.app).get('/api/v1/integrations/google/calendars').set(auth(user.token)).expect(200);
    await request(t.app).get('/api/v1/integrations/google/calendars').set(auth(user.token)).expect(200);
    expect(await calendarListCalls()).toBe(before);
    await request(t.app).get('/api/v1/integrations/google/calendars?refresh=true').set(auth(user.token)).expect(200);
    expect(await calendarListCalls()).toBe(before + 1);

    const unknown = await request(t.app)
      .post('/api/v1/integrations/google/select-calendar')
      .set(auth(user.token))
      .send({ calendar_id: 'nope@example.com' })
      .expect(404);
    expect(unknown.body.error.reason).toBe('calendar_not_found');
    const { body } = await request(t.app)
      .post('/api/v1/integrations/google/select-calendar')
      .set(auth(user.token))
      .send({ calendar_id: 'team.sandbox@group.calendar.google.com' })
      .expect(200);
    const patched = await request(t.app)
      .patch(`/api/v1/calendars/${body.calendar_id}`)
      .set(auth(user.token))
      .send({ sync_enabled: false })
      .expect(200);
    expect(patched.body).toMatchObject({ id: body.calendar_id, sync_enabled: false, calendar_name: 'Team' });

    await t.db.prisma.userOAuthAccount.updateMany({ where: { userId: user.userId }, data: { status: 'needs_reauth' } });
    const paused = await request(t.app).post(`/api/v1/integrations/google/${body.calendar_id}/sync`).set(auth(user.token)).expect(409);
    expect(paused.body.error.reason).toBe('reauth_required');

    await request(t.app).delete(`/api/v1/integrations/google/calendars/${body.calendar_id}`).set(auth(user.token)).expect(204);
    const list = await request(t.app).get('/api/v1/calendars').set(auth(user.token)).expect(200);
    expect(list.body.data).toHaveLength(0);
    await request(t.app).post(`/api/v1/integrations/google/${body.calendar_id}/sync`).set(auth(user.token)).expect(404);
  });

  it('mounts the same routes for every registered calendar provider and documents them', async () => {
    const user = await registerUser(t.app);
    for (const name of Object.keys(t.deps.providers.calendar)) {
      const res = await request(t.app).get(`/api/v1/integrations/${name}/authorize`).set(auth(user.token)).expect(200);
      expect(res.body.auth_url).toMatch(/^http/);
      await request(t.app).get(`/api/v1/integrations/${name}/calendars`).set(auth(user.token)).expect(404);
    }
    const doc = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/integrations/google/authorize', '/api/v1/calendar-events', '/api/v1/jobs/{id}']),
    );
  });
});

describe('OAuth browser binding', () => {
  it('sets an HttpOnly, SameSite=Lax cookie at authorize, scoped to the callback', async () => {
    const user = await registerUser(t.app);
    const res = await request(t.app).get('/api/v1/integrations/google/authorize').set(auth(user.token)).expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('billops_oauth_google='));
    expect(cookie).toContain(`billops_oauth_google=${res.body.state}`);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\/api\/v1\/integrations\/google\/callback/);
  });

  it("refuses a callback in a browser that did not start the flow: the victim's calendar never reaches the attacker", async () => {
    const attacker = await registerUser(t.app);
    const other = await registerUser(t.app);
    // The attacker starts the flow and sends the consent URL to the victim, whose browser comes back without the cookie...
    const lure = await authorize(attacker.token, '&login_hint=victim%40example.com');
    const noCookie = await request(t.app).get(`/api/v1/integrations/google/callback?${lure.back.searchParams.toString()}`).expect(302);
    expect(noCookie.headers.location).toBe('http://app.example.test/integrations?provider=google&status=error&code=browser_mismatch');
    // ...or with a cookie of a flow of its own.
    const own = await authorize(other.token);
    const wrongCookie = await request(t.app)
      .get(`/api/v1/integrations/google/callback?${lure.back.searchParams.toString()}`)
      .set('Cookie', own.cookie)
      .expect(302);
    expect(wrongCookie.headers.location).toContain('code=browser_mismatch');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: attacker.userId } })).toBe(0);
  });
});
