import { sealedField } from '@billops/db';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getAccessToken, syncCalendar } from '@billops/domain';
import type { RunningSandbox } from '@billops/sandbox';
import type { TestWorkerContext } from '../../../../worker/src/testing/harness.ts';
import { calendarSettled, registerUser, type TestApp } from '../../testing/harness.ts';
import { startTestStack, type TestStack } from '../../testing/stack.ts';

/**
 * Outlook end to end: the API's /integrations/microsoft/* routes, a real worker running the
 * calendar-sync jobs, real PostgreSQL and Redis, and the fake identity platform + Graph over HTTP.
 */
let sandbox: RunningSandbox;
let t: TestApp;
let worker: TestWorkerContext;

const DAY = 86_400_000;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ms = () => sandbox.microsoft.state;
/** A whole-minute UTC instant `days` from now at hh:mm, inside the sync window. */
const at = (days: number, hour: number, minute = 0) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, minute, 0, 0);
  return date;
};

async function authorize(token: string) {
  const res = await request(t.app).get('/api/v1/integrations/microsoft/authorize').set(auth(token)).expect(200);
  const consent = await fetch(res.body.auth_url as string, { redirect: 'manual' });
  // The browser that started the flow carries its binding cookie to the GET callback.
  const cookie = (res.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).join('; ');
  return {
    state: res.body.state as string,
    authUrl: new URL(res.body.auth_url as string),
    back: new URL(consent.headers.get('location') ?? ''),
    cookie,
  };
}

const callback = (token: string, body: object) =>
  request(t.app).post('/api/v1/integrations/microsoft/callback').set(auth(token)).send(body);

/** A fresh user connected to a fresh (empty) sandbox mailbox, with the default calendar selected. */
async function connectAndSelect() {
  const user = await registerUser(t.app);
  const { state, back } = await authorize(user.token);
  expect((await callback(user.token, { state, code: back.searchParams.get('code') })).status).toBe(200);
  const selected = await request(t.app)
    .post('/api/v1/integrations/microsoft/select-calendar')
    .set(auth(user.token))
    .send({ calendar_id: ms().defaultCalendar.id })
    .expect(200);
  const calendarId = selected.body.calendar_id as string;
  const account = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({
    where: { userId_provider: { userId: user.userId, provider: 'microsoft' } },
  });
  const sync = () => request(t.app).post(`/api/v1/integrations/microsoft/${calendarId}/sync`).set(auth(user.token));
  const events = async () =>
    (await request(t.app).get('/api/v1/calendar-events').query({ calendar_id: calendarId, limit: 200 }).set(auth(user.token)).expect(200))
      .body.data as {
      id: string;
      provider_event_id: string;
      recurring_event_id: string | null;
      title: string;
      start: string;
      end: string;
      time_zone: string | null;
      is_cancelled: boolean;
    }[];
  const rows = () => t.db.prisma.syncedCalendarEvent.findMany({ where: { calendarId }, orderBy: { eventStart: 'asc' } });
  return { user, calendarId, account, sync, events, rows };
}

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack(
    { SYNC_WAIT_MS: '10000', FRONTEND_URL: 'http://app.example.test/integrations' },
    { PROVIDER_RETRY_BASE_DELAY_MS: '10' },
  );
  ({ sandbox, t, worker } = stack);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  ms().reset();
});

describe('Outlook OAuth through the API', () => {
  it('authorize → consent → callback stores encrypted tokens and lists calendars as {id, name}', async () => {
    const user = await registerUser(t.app);
    const { state, authUrl, back } = await authorize(user.token);
    expect(authUrl.pathname).toBe('/microsoft/login/common/oauth2/v2.0/authorize');
    expect(authUrl.searchParams.get('scope')).toBe('offline_access Calendars.Read User.Read');
    expect(authUrl.searchParams.get('response_mode')).toBe('query');
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(back.searchParams.get('state')).toBe(state);

    const res = await callback(user.token, { state, code: back.searchParams.get('code') });
    expect(res.status).toBe(200);
    expect(res.body.calendars).toEqual(ms().calendars.map((c) => ({ id: c.id, name: c.name, primary: c.isDefaultCalendar })));
    expect(JSON.stringify(res.body)).not.toMatch(/access_token|refresh_token|eyJ0eXAi|0\.AXoA/);

    const listed = await request(t.app).get('/api/v1/integrations/microsoft/calendars').set(auth(user.token)).expect(200);
    expect(listed.body.calendars.map((c: { id: string; name: string }) => [c.id, c.name])).toEqual(
      ms().calendars.map((c) => [c.id, c.name]),
    );
    expect(listed.body.calendars[0]).not.toHaveProperty('summary');

    const account = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({
      where: { userId_provider: { userId: user.userId, provider: 'microsoft' } },
    });
    expect(account).toMatchObject({ status: 'active', providerAccountId: ms().user.id, providerEmail: 'sandbox.user@contoso.test' });
    expect(account.scopes).toEqual(expect.arrayContaining(['Calendars.Read', 'User.Read']));
    const secrets = [...ms().accessTokens.keys(), ...ms().refreshTokens.keys()];
    const rowText = JSON.stringify(account);
    for (const secret of secrets) {
      expect(rowText).not.toContain(secret);
      expect(t.logLines.join('')).not.toContain(secret);
    }
    expect(secrets).toContain(t.deps.vault.decrypt(account.accessTokenEncrypted, sealedField.accessToken(account.id)));
    expect(secrets).toContain(t.deps.vault.decrypt(account.refreshTokenEncrypted ?? '', sealedField.refreshToken(account.id)));
  });

  it('rejects bad, reused and foreign states, a PKCE mismatch and a declined consent with 400; browsers are redirected', async () => {
    const alice = await registerUser(t.app);
    const bob = await registerUser(t.app);
    expect((await callback(alice.token, { state: 'made-up', code: 'M.C5-x' })).body.error.reason).toBe('invalid_state');

    const first = await authorize(alice.token);
    const stolen = await callback(bob.token, { state: first.state, code: first.back.searchParams.get('code') });
    expect([stolen.status, stolen.body.error.reason]).toEqual([400, 'invalid_state']);

    // A code issued for another authorization: its PKCE challenge does not match this state's verifier.
    const second = await authorize(alice.token);
    const mismatch = await callback(alice.token, { state: second.state, code: first.back.searchParams.get('code') });
    expect([mismatch.status, mismatch.body.error.reason]).toEqual([400, 'invalid_grant']);
    const reused = await callback(alice.token, { state: second.state, code: second.back.searchParams.get('code') });
    expect(reused.body.error.reason).toBe('invalid_state');

    ms().denyConsent = true;
    const denied = await authorize(alice.token);
    expect(denied.back.searchParams.get('error')).toBe('access_denied');
    const refused = await callback(alice.token, { state: denied.state, error: denied.back.searchParams.get('error') });
    expect([refused.status, refused.body.error.reason]).toEqual([400, 'access_denied']);
    const browser = await authorize(alice.token);
    const redirect = await request(t.app)
      .get(`/api/v1/integrations/microsoft/callback?${browser.back.searchParams.toString()}`)
      .set('Cookie', browser.cookie)
      .expect(302);
    expect(redirect.headers.location).toBe('http://app.example.test/integrations?provider=microsoft&status=error&code=access_denied');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: { in: [alice.userId, bob.userId] } } })).toBe(0);

    ms().denyConsent = false;
    const approved = await authorize(alice.token);
    const success = await request(t.app)
      .get(`/api/v1/integrations/microsoft/callback?${approved.back.searchParams.toString()}`)
      .set('Cookie', approved.cookie)
      .expect(302);
    expect(success.headers.location).toBe('http://app.example.test/integrations?provider=microsoft&status=success');
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: alice.userId, provider: 'microsoft', status: 'active' } })).toBe(1);
  });
});

describe('Outlook sync through the API and a real worker', () => {
  it('full sync with UTC times, occurrences and no all-day or cancelled events; then delta add/change/delete; convert once', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    const kickoff = ms().addEvent({
      subject: 'Client A kickoff',
      start: at(1, 14),
      end: at(1, 15, 30),
      originalStartTimeZone: 'Pacific Standard Time',
    });
    const review = ms().addEvent({ subject: 'Client B review', start: at(2, 9), end: at(2, 10) });
    const doomed = ms().addEvent({ subject: 'Will be deleted', start: at(2, 11), end: at(2, 12) });
    const series = ms().addSeries({ subject: 'Standup', start: at(3, 8), end: at(3, 8, 15), count: 3 });
    ms().addEvent({ subject: 'Offsite', start: at(4, 0), end: at(5, 0), isAllDay: true });
    ms().addEvent({ subject: 'Called off', start: at(4, 13), end: at(4, 14), isCancelled: true });

    // The process zone must not matter: offset-less Graph times are UTC.
    const previousTz = process.env.TZ;
    process.env.TZ = 'Asia/Kolkata';
    let first;
    try {
      first = await c.sync().expect(200);
    } finally {
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
    }
    expect(first.body).toEqual({ status: 'success', events_synced: 6, new_events: 6, updated_events: 0, deleted_events: 0 });
    const events = await c.events();
    expect(events.map((e) => e.title)).toEqual(['Client A kickoff', 'Client B review', 'Will be deleted', 'Standup', 'Standup', 'Standup']);
    expect(events[0]).toMatchObject({
      start: at(1, 14).toISOString(),
      end: at(1, 15, 30).toISOString(),
      time_zone: 'Pacific Standard Time',
      provider_event_id: kickoff.id,
    });
    const standups = events.filter((e) => e.title === 'Standup');
    expect(standups.map((e) => e.provider_event_id)).toEqual(series.occurrences.map((o) => o.id));
    expect(new Set(standups.map((e) => e.recurring_event_id))).toEqual(new Set([series.master.id]));
    expect(ms().counters['events:withoutUtcPrefer']).toBeUndefined();

    const converted = await request(t.app)
      .post(`/api/v1/calendar-events/${events[0]?.id}/convert`)
      .set(auth(c.user.token))
      .send({ billable: true })
      .expect(201);
    expect(converted.body.duration_seconds).toBe(5400);
    const again = await request(t.app)
      .post(`/api/v1/calendar-events/${events[0]?.id}/convert`)
      .set(auth(c.user.token))
      .send({})
      .expect(200);
    expect(again.body.id).toBe(converted.body.id);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: c.user.userId } })).toBe(1);

    const added = ms().addEvent({ subject: 'Added later', start: at(6, 10), end: at(6, 11) });
    ms().updateEvent(review.id, { subject: 'Client B review (moved)', start: at(2, 9, 30), end: at(2, 10, 30) });
    ms().deleteEvent(doomed.id);
    const deltaBefore = ms().counters['delta:incremental'] ?? 0;
    const second = await c.sync().expect(200);
    expect(second.body).toMatchObject({ new_events: 1, updated_events: 1, deleted_events: 1 });
    expect(ms().counters['delta:incremental']).toBe(deltaBefore + 1);
    const after = await c.rows();
    expect(after.find((r) => r.providerEventId === review.id)).toMatchObject({
      eventTitle: 'Client B review (moved)',
      eventStart: at(2, 9, 30),
    });
    expect(after.find((r) => r.providerEventId === doomed.id)?.isCancelled).toBe(true);
    expect(after.find((r) => r.providerEventId === added.id)?.isCancelled).toBe(false);
    expect(after.filter((r) => r.isCancelled)).toHaveLength(1);

    const quiet = await c.sync().expect(200);
    expect(quiet.body).toMatchObject({ events_synced: 0, new_events: 0, updated_events: 0, deleted_events: 0 });
  });

  it('recovers from an expired delta token (410) with a full pass that deletes only what is really gone', async () => {
    const c = await connectAndSelect();
    const stays = ms().addEvent({ subject: 'Stays', start: at(1, 9), end: at(1, 10) });
    const goes = ms().addEvent({ subject: 'Goes', start: at(1, 11), end: at(1, 12) });
    await calendarSettled(t, c.calendarId);
    await c.sync().expect(200);
    const before = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: c.calendarId } });

    ms().deleteEvent(goes.id);
    ms().expireDeltaTokens();
    const fullBefore = ms().counters['delta:full'] ?? 0;
    const res = await c.sync().expect(200);
    expect(res.body).toMatchObject({ deleted_events: 1, new_events: 0 });
    expect(ms().counters['delta:full']).toBe(fullBefore + 1);
    const rows = await c.rows();
    expect(rows.find((r) => r.providerEventId === stays.id)?.isCancelled).toBe(false);
    expect(rows.find((r) => r.providerEventId === goes.id)?.isCancelled).toBe(true);
    const calendar = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: c.calendarId } });
    expect(calendar.syncCursor).toMatch(/\$deltatoken=/);
    expect(calendar.syncCursor).not.toBe(before.syncCursor);
    expect(calendar.syncStatus).toBe('succeeded');
  });

  it('follows every @odata.nextLink of a full and of an incremental round', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    ms().maxPageSize = 3;
    for (let i = 0; i < 7; i += 1) ms().addEvent({ subject: `Meeting ${i}`, start: at(1, 8 + i), end: at(1, 8 + i, 45) });
    await t.db.prisma.calendarIntegration.update({ where: { id: c.calendarId }, data: { syncCursor: null } });
    const pagesBefore = ms().counters['graph:delta'] ?? 0;
    expect((await c.sync().expect(200)).body).toMatchObject({ new_events: 7 });
    expect((ms().counters['graph:delta'] ?? 0) - pagesBefore).toBe(3);

    for (let i = 0; i < 5; i += 1) ms().addEvent({ subject: `Later ${i}`, start: at(2, 8 + i), end: at(2, 9 + i) });
    const incrementalBefore = ms().counters['graph:delta'] ?? 0;
    expect((await c.sync().expect(200)).body).toMatchObject({ new_events: 5 });
    expect((ms().counters['graph:delta'] ?? 0) - incrementalBefore).toBe(2);
    expect(await c.rows()).toHaveLength(12);
  });

  it('saves the rotated refresh token (encrypted) on every refresh; the old one is dead at Microsoft', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    const original = t.deps.vault.decrypt(c.account.refreshTokenEncrypted ?? '', sealedField.refreshToken(c.account.id));
    await t.db.prisma.userOAuthAccount.update({ where: { id: c.account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    ms().addEvent({ subject: 'After refresh', start: at(1, 9), end: at(1, 10) });
    const refreshesBefore = ms().counters['token:refresh_token'] ?? 0;
    expect((await c.sync().expect(200)).body).toMatchObject({ new_events: 1 });
    expect(ms().counters['token:refresh_token']).toBe(refreshesBefore + 1);

    const account = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: c.account.id } });
    const rotated = t.deps.vault.decrypt(account.refreshTokenEncrypted ?? '', sealedField.refreshToken(account.id));
    expect(rotated).not.toBe(original);
    expect(JSON.stringify(account)).not.toContain(rotated);
    expect(ms().refreshTokens.get(original)?.rotated).toBe(true);
    expect(ms().refreshTokens.get(rotated)?.rotated).toBe(false);
    expect(account.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

    // The stored token is the live one: a second refresh (forced) works and rotates again.
    await getAccessToken(worker.ctx, c.account.id, { force: true });
    const again = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: c.account.id } });
    expect(t.deps.vault.decrypt(again.refreshTokenEncrypted ?? '', sealedField.refreshToken(again.id))).not.toBe(rotated);
    expect(again.status).toBe('active');
  });

  it('revoked consent → needs_reauth: account flagged with the AADSTS reason, calendar paused, sync refused', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    ms().revokeConsent(65001);
    // The sync that discovers it answers 409 reauth_required (not a 502 "provider error").
    const failed = await c.sync().expect(409);
    expect(failed.body.error.reason).toBe('reauth_required');
    const account = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: c.account.id } });
    expect(account.status).toBe('needs_reauth');
    expect(account.lastRefreshError).toContain('AADSTS65001');
    const calendar = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: c.calendarId } });
    expect(calendar.syncStatus).toBe('paused');
    const refused = await c.sync().expect(409);
    expect(refused.body.error.reason).toBe('reauth_required');
  });

  it('retries Graph throttling (429 with Retry-After, 503 without) and then succeeds', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    ms().addEvent({ subject: 'Throttled meeting', start: at(1, 9), end: at(1, 10) });
    ms().injectFault({ target: 'events', status: 429, retryAfterSeconds: 1 });
    ms().injectFault({ target: 'events', status: 503 });
    const before = ms().counters['graph:delta'] ?? 0;
    expect((await c.sync().expect(200)).body).toMatchObject({ new_events: 1 });
    expect((ms().counters['graph:delta'] ?? 0) - before).toBe(3);
    const calendar = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: c.calendarId } });
    expect(calendar).toMatchObject({ syncStatus: 'succeeded', lastError: null });
  });

  it('stops a calendar and disconnects the account without signing the user out at Microsoft; time entries stay', async () => {
    const c = await connectAndSelect();
    ms().addEvent({ subject: 'Billable call', start: at(1, 9), end: at(1, 10) });
    await calendarSettled(t, c.calendarId);
    await c.sync().expect(200);
    const [event] = await c.events();
    await request(t.app).post(`/api/v1/calendar-events/${event?.id}/convert`).set(auth(c.user.token)).send({}).expect(201);

    await request(t.app).delete(`/api/v1/integrations/microsoft/calendars/${c.calendarId}`).set(auth(c.user.token)).expect(204);
    const listed = await request(t.app).get('/api/v1/calendars').set(auth(c.user.token)).expect(200);
    expect(listed.body.data).toEqual([]);

    const graphRequests = Object.entries(ms().counters).filter(([key]) => key.startsWith('graph:') || key.startsWith('token'));
    await request(t.app).delete('/api/v1/integrations/microsoft/account').set(auth(c.user.token)).expect(204);
    // No revocation call exists for this flow; nothing reaches Microsoft (no revokeSignInSessions).
    expect(Object.entries(ms().counters).filter(([key]) => key.startsWith('graph:') || key.startsWith('token'))).toEqual(graphRequests);
    expect(await t.db.prisma.userOAuthAccount.count({ where: { userId: c.user.userId } })).toBe(0);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: c.user.userId } })).toBe(1);
    const gone = await request(t.app).get('/api/v1/integrations/microsoft/calendars').set(auth(c.user.token)).expect(404);
    expect(gone.body.error.reason).toBe('account_not_connected');
  });

  it('concurrent syncs never duplicate events', async () => {
    const c = await connectAndSelect();
    await calendarSettled(t, c.calendarId);
    for (let i = 0; i < 6; i += 1) ms().addEvent({ subject: `Busy ${i}`, start: at(1, 8 + i), end: at(1, 8 + i, 30) });
    const responses = await Promise.all([c.sync(), c.sync(), c.sync()]);
    for (const res of responses) expect([200, 202]).toContain(res.status);
    // Forced past the per-calendar claim, two full passes still leave one row per event.
    await Promise.all([
      syncCalendar(worker.ctx, c.calendarId, { mode: 'full', staleAfterMs: -60_000 }),
      syncCalendar(worker.ctx, c.calendarId, { mode: 'full', staleAfterMs: -60_000 }),
    ]);
    const rows = await c.rows();
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.providerEventId)).size).toBe(6);
  });
});
