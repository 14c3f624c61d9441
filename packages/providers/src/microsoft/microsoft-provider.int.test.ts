import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MicrosoftCalendarProvider,
  ProviderError,
  providerEnvSchema,
  resolveProviderSettings,
  withRetry,
  type OAuthTokens,
  type ProviderEvent,
} from '../index.ts';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';

/**
 * The Microsoft provider against the fake identity platform and Graph over real HTTP: the
 * official Graph client, our token-endpoint client and the sandbox's wire formats together.
 */
let sandbox: RunningSandbox;
let provider: MicrosoftCalendarProvider;
const redirectUri = 'http://localhost:8000/api/v1/integrations/microsoft/callback';
const DAY = 86_400_000;

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** Runs the browser leg: the consent screen redirects back with code and state (or an error). */
async function authorize(challenge: string, state = 'state-123') {
  const response = await fetch(provider.authorizationUrl({ state, codeChallenge: challenge, redirectUri }), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '').searchParams;
}

async function connect(): Promise<OAuthTokens> {
  const { verifier, challenge } = pkce();
  const params = await authorize(challenge);
  return provider.exchangeCode({ code: params.get('code') ?? '', codeVerifier: verifier, redirectUri });
}

const providerError = async (promise: Promise<unknown>): Promise<ProviderError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
};

const window = () => ({ start: new Date(Date.now() - 7 * DAY), end: new Date(Date.now() + 30 * DAY) });

/** A full pass (or an incremental one from `cursor`) across every page. */
async function pass(accessToken: string, calendarId: string, cursor: string | null) {
  const events: ProviderEvent[] = [];
  let pageToken: string | null = null;
  let pages = 0;
  for (;;) {
    const page = await provider.listEvents({ accessToken, calendarId, window: window(), cursor, pageToken });
    pages += 1;
    events.push(...page.events);
    if (page.nextPageToken) {
      expect(page.nextCursor).toBeNull();
      pageToken = page.nextPageToken;
      continue;
    }
    return { events, pages, cursor: page.nextCursor };
  }
}

/** 14:00 UTC tomorrow, on a whole minute: well inside the sync window. */
const tomorrowAt = (hour: number, minute = 0) => {
  const date = new Date(Date.now() + DAY);
  date.setUTCHours(hour, minute, 0, 0);
  return date;
};

beforeAll(async () => {
  sandbox = await startSandbox();
  const settings = resolveProviderSettings(providerEnvSchema.parse({ SANDBOX_URL: sandbox.url }));
  provider = new MicrosoftCalendarProvider(settings.microsoft, { pageSize: 5, timeoutMs: 5_000 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.microsoft.state.reset();
});

describe('identity platform', () => {
  it('sends an authorize URL with PKCE S256, response_mode=query and the calendar scopes', () => {
    const url = new URL(provider.authorizationUrl({ state: 's1', codeChallenge: 'c'.repeat(43), redirectUri }));
    expect(url.pathname).toBe('/microsoft/login/common/oauth2/v2.0/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'sandbox-microsoft-client',
      response_type: 'code',
      redirect_uri: redirectUri,
      response_mode: 'query',
      scope: 'offline_access Calendars.Read User.Read',
      state: 's1',
      code_challenge: 'c'.repeat(43),
      code_challenge_method: 'S256',
    });
  });

  it('exchanges a code with its verifier, normalises granted scopes and reads the account', async () => {
    const before = Date.now();
    const tokens = await connect();
    expect(tokens.refreshToken).toEqual(expect.any(String));
    expect(tokens.scopes).toEqual(expect.arrayContaining(provider.requiredScopes));
    expect(tokens.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_598_000);
    const account = await provider.getAccount(tokens.accessToken);
    expect(account).toEqual({ accountId: sandbox.microsoft.state.user.id, email: 'sandbox.user@contoso.test' });
  });

  it('rejects a wrong PKCE verifier and a code redeemed twice as invalid_grant', async () => {
    const { verifier, challenge } = pkce();
    const code = (await authorize(challenge)).get('code') ?? '';
    const mismatch = await providerError(provider.exchangeCode({ code, codeVerifier: pkce().verifier, redirectUri }));
    expect(mismatch).toMatchObject({
      kind: 'auth_revoked',
      providerCode: 'invalid_grant',
      message: expect.stringContaining('AADSTS501481'),
      status: 400,
    });
    await provider.exchangeCode({ code, codeVerifier: verifier, redirectUri });
    const reused = await providerError(provider.exchangeCode({ code, codeVerifier: verifier, redirectUri }));
    expect(reused.message).toContain('AADSTS54005');
  });

  it('brings a declined consent back as access_denied with the state', async () => {
    sandbox.microsoft.state.denyConsent = true;
    const params = await authorize(pkce().challenge, 'state-xyz');
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toMatch(/^AADSTS65004/);
    expect(params.get('state')).toBe('state-xyz');
    expect(params.get('code')).toBeNull();
  });

  it('rotates refresh tokens: each refresh returns a new one and the old one stops working', async () => {
    const first = await connect();
    const second = await provider.refreshAccessToken(first.refreshToken ?? '');
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    const reused = await providerError(provider.refreshAccessToken(first.refreshToken ?? ''));
    expect(reused).toMatchObject({ kind: 'auth_revoked', providerCode: 'invalid_grant', message: expect.stringContaining('AADSTS70008') });
    const third = await provider.refreshAccessToken(second.refreshToken ?? '');
    expect(await provider.getAccount(third.accessToken)).toMatchObject({ email: 'sandbox.user@contoso.test' });
    expect(sandbox.microsoft.state.counters['token:refresh_token']).toBe(3);
  });

  it('maps revoked consent and a disabled account to auth_revoked, and the dead access token to unauthorized', async () => {
    const tokens = await connect();
    sandbox.microsoft.state.revokeConsent();
    expect(await providerError(provider.refreshAccessToken(tokens.refreshToken ?? ''))).toMatchObject({
      kind: 'auth_revoked',
      providerCode: 'invalid_grant',
      message: expect.stringContaining('AADSTS65001'),
    });
    expect(await providerError(provider.listCalendars(tokens.accessToken))).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      providerCode: 'InvalidAuthenticationToken',
    });

    sandbox.microsoft.state.reset();
    const other = await connect();
    sandbox.microsoft.state.revokeConsent(50057);
    expect(await providerError(provider.refreshAccessToken(other.refreshToken ?? ''))).toMatchObject({
      kind: 'auth_revoked',
      providerCode: 'invalid_grant',
      message: expect.stringContaining('AADSTS50057'),
    });
  });

  it('treats a token endpoint outage as transient and recovers with withRetry', async () => {
    const tokens = await connect();
    sandbox.microsoft.state.injectFault({ target: 'token', status: 503 });
    expect((await providerError(provider.refreshAccessToken(tokens.refreshToken ?? ''))).kind).toBe('transient');
    sandbox.microsoft.state.injectFault({ target: 'token', status: 503 });
    const refreshed = await withRetry(() => provider.refreshAccessToken(tokens.refreshToken ?? ''), { baseDelayMs: 1 });
    expect(refreshed.refreshToken).toEqual(expect.any(String));
  });
});

describe('Graph calendars and events', () => {
  it('lists calendars with the default one marked primary', async () => {
    const { accessToken } = await connect();
    const calendars = await provider.listCalendars(accessToken);
    expect(calendars).toEqual(sandbox.microsoft.state.calendars.map((c) => ({ id: c.id, name: c.name, primary: c.isDefaultCalendar })));
    expect(calendars.filter((c) => c.primary)).toHaveLength(1);
  });

  it('runs a full delta pass over several pages and keeps only the final deltaLink as the cursor', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    const ids = Array.from(
      { length: 12 },
      (_, i) => state.addEvent({ subject: `Meeting ${i}`, start: tomorrowAt(8, i * 2), end: tomorrowAt(9, i * 2) }).id,
    );
    state.addEvent({ subject: 'Long ago', start: new Date(Date.now() - 40 * DAY), end: new Date(Date.now() - 40 * DAY + 3_600_000) });
    const result = await pass(accessToken, state.defaultCalendar.id, null);
    expect(result.pages).toBe(3);
    expect(result.events.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(result.cursor).toMatch(/\/calendarView\/delta\?\$deltatoken=/);
    // Every request of the round asked for UTC times.
    expect(state.counters['events:withoutUtcPrefer']).toBeUndefined();
    expect(state.counters['graph:delta']).toBe(3);
  });

  it('reports only additions, changes and deletions on an incremental pass', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    const keep = state.addEvent({ subject: 'Keep', start: tomorrowAt(9), end: tomorrowAt(10) });
    const change = state.addEvent({ subject: 'Change me', start: tomorrowAt(11), end: tomorrowAt(12) });
    const remove = state.addEvent({ subject: 'Delete me', start: tomorrowAt(13), end: tomorrowAt(14) });
    const full = await pass(accessToken, state.defaultCalendar.id, null);
    expect(full.events).toHaveLength(3);

    const added = state.addEvent({ subject: 'New', start: tomorrowAt(15), end: tomorrowAt(16) });
    state.updateEvent(change.id, { subject: 'Changed', start: tomorrowAt(11, 30) });
    state.deleteEvent(remove.id);
    const delta = await pass(accessToken, state.defaultCalendar.id, full.cursor);
    const byId = new Map(delta.events.map((e) => [e.id, e]));
    expect([...byId.keys()].sort()).toEqual([added.id, change.id, remove.id].sort());
    expect(byId.has(keep.id)).toBe(false);
    expect(byId.get(change.id)).toMatchObject({ title: 'Changed', cancelled: false, start: tomorrowAt(11, 30) });
    expect(byId.get(remove.id)).toMatchObject({ cancelled: true, start: null, end: null });

    const quiet = await pass(accessToken, state.defaultCalendar.id, delta.cursor);
    expect(quiet.events).toEqual([]);
    expect(quiet.cursor).not.toBe(delta.cursor);
  });

  it('raises cursor_expired for an expired delta token and for a link to another host', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    state.addEvent({ subject: 'Any', start: tomorrowAt(9), end: tomorrowAt(10) });
    const full = await pass(accessToken, state.defaultCalendar.id, null);
    state.expireDeltaTokens();
    const expired = await providerError(pass(accessToken, state.defaultCalendar.id, full.cursor));
    expect(expired).toMatchObject({ kind: 'cursor_expired', status: 410, providerCode: 'syncStateNotFound' });
    const foreign = await providerError(
      pass(accessToken, state.defaultCalendar.id, 'https://evil.example/v1.0/me/calendarView/delta?$deltatoken=x'),
    );
    expect(foreign.kind).toBe('cursor_expired');
    expect((await pass(accessToken, state.defaultCalendar.id, null)).events).toHaveLength(1);
  });

  it('expands recurring series into occurrences keyed by instance id with the series id', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    const { master, occurrences } = state.addSeries({ subject: 'Standup', start: tomorrowAt(9), end: tomorrowAt(9, 15), count: 4 });
    const full = await pass(accessToken, state.defaultCalendar.id, null);
    expect(full.events.map((e) => e.id).sort()).toEqual(occurrences.map((o) => o.id).sort());
    expect(new Set(full.events.map((e) => e.seriesId))).toEqual(new Set([master.id]));
    expect(full.events.map((e) => e.start?.toISOString()).sort()).toEqual(occurrences.map((o) => o.start.toISOString()).sort());

    const second = occurrences[1];
    if (!second) throw new Error('expected occurrences');
    state.updateEvent(second.id, { isCancelled: true });
    const delta = await pass(accessToken, state.defaultCalendar.id, full.cursor);
    // A delta row carries only what changed: the engine keeps the stored series id.
    expect(delta.events).toEqual([
      expect.objectContaining({ id: second.id, cancelled: true, absent: expect.arrayContaining(['seriesId', 'title']) }),
    ]);
  });

  it('keeps the all-day flag and the original time zone', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    const day = tomorrowAt(0);
    state.addEvent({
      subject: 'Offsite',
      start: day,
      end: new Date(day.getTime() + DAY),
      isAllDay: true,
      originalStartTimeZone: 'Pacific Standard Time',
    });
    const [event] = (await pass(accessToken, state.defaultCalendar.id, null)).events;
    // Graph sends it as local midnight in its own zone; its times are never read.
    expect(event).toMatchObject({ allDay: true, title: 'Offsite', timeZone: 'Pacific Standard Time', start: null, end: null });
  });

  it('reads offset-less Graph times as exact UTC instants whatever the process time zone', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    const start = tomorrowAt(14);
    state.addEvent({ subject: 'Review', start, end: tomorrowAt(15, 30) });
    const previous = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(480); // the zone really changed
      const [event] = (await pass(accessToken, state.defaultCalendar.id, null)).events;
      expect(event?.start?.toISOString()).toBe(start.toISOString());
      expect(event?.end?.toISOString()).toBe(tomorrowAt(15, 30).toISOString());
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('classifies throttling and outages, honours Retry-After and retries with withRetry', async () => {
    const { accessToken } = await connect();
    const state = sandbox.microsoft.state;
    state.addEvent({ subject: 'Busy', start: tomorrowAt(9), end: tomorrowAt(10) });
    const list = () =>
      provider.listEvents({ accessToken, calendarId: state.defaultCalendar.id, window: window(), cursor: null, pageToken: null });

    state.injectFault({ target: 'events', status: 429, retryAfterSeconds: 2 });
    expect(await providerError(list())).toMatchObject({
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 2000,
      providerCode: 'TooManyRequests',
    });
    state.injectFault({ target: 'events', status: 503 });
    expect(await providerError(list())).toMatchObject({ kind: 'transient', status: 503 });
    state.injectFault({ target: 'events', status: 504, retryAfterSeconds: 1 });
    expect(await providerError(list())).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1000 });

    state.injectFault({ target: 'events', status: 429, retryAfterSeconds: 3, count: 2 });
    const waits: number[] = [];
    const page = await withRetry(list, { sleep: async (ms) => void waits.push(ms), baseDelayMs: 1 });
    expect(page.events).toHaveLength(1);
    expect(waits).toEqual([3000, 3000]);
    expect(state.counters['graph:delta']).toBe(6);
  });

  it('gives up on a Graph request that outlasts the timeout as transient (retryable)', async () => {
    const { accessToken } = await connect();
    const settings = resolveProviderSettings(providerEnvSchema.parse({ SANDBOX_URL: sandbox.url }));
    const impatient = new MicrosoftCalendarProvider(settings.microsoft, { timeoutMs: 100 });
    sandbox.microsoft.state.delayMs = 400;
    const error = await providerError(impatient.listCalendars(accessToken));
    expect(error).toMatchObject({ kind: 'transient', retryable: true });
  });

  it('maps an expired access token to unauthorized, an unknown calendar to not_found and 403 to permanent', async () => {
    const { accessToken } = await connect();
    const listFor = (calendarId: string) =>
      provider.listEvents({ accessToken, calendarId, window: window(), cursor: null, pageToken: null });
    expect(await providerError(listFor('AAMk-no-such-calendar'))).toMatchObject({ kind: 'not_found', status: 404 });
    sandbox.microsoft.state.injectFault({ target: 'events', status: 403, code: 'ErrorAccessDenied' });
    expect(await providerError(listFor(sandbox.microsoft.state.defaultCalendar.id))).toMatchObject({
      kind: 'permanent',
      providerCode: 'ErrorAccessDenied',
    });
    sandbox.microsoft.state.expireAccessTokens();
    expect(await providerError(listFor(sandbox.microsoft.state.defaultCalendar.id))).toMatchObject({ kind: 'unauthorized', status: 401 });
  });
});
