import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSlackApi,
  createSlackOAuth,
  resolveProviderSettings,
  providerEnvSchema,
  ProviderError,
  SLACK_BOT_SCOPES,
  type SlackApi,
} from '../index.ts';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';

// The Slack client (the official @slack/web-api WebClient) against the fake Slack over HTTP.
let sandbox: RunningSandbox;
let api: SlackApi;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  // Start without the quick-start members so the counts below are this test's own.
  await request(sandbox.url).post('/slack/_control/reset').send({}).expect(200);
  const settings = resolveProviderSettings(providerEnvSchema.parse({ SANDBOX_URL: sandbox.url })).slack;
  const oauth = createSlackOAuth(settings);
  const consent = await fetch(oauth.authorizeUrl({ state: 'st', scopes: SLACK_BOT_SCOPES }), { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  expect(back.searchParams.get('state')).toBe('st');
  const installation = await oauth.exchangeCode(back.searchParams.get('code') ?? '');
  expect(installation).toMatchObject({
    team: { id: 'T0SANDBOX1', name: 'Sandbox Workspace' },
    botUserId: 'U0SANDBOXBOT',
    appId: 'A0SANDBOX1',
    scopes: [...SLACK_BOT_SCOPES],
  });
  token = installation.accessToken;
  api = createSlackApi(settings, token);
  const members = Array.from({ length: 5 }, (_, i) => ({ id: `U0MEMBER00${i}`, name: `m${i}`, email: `m${i}@example.com` }));
  await request(sandbox.url)
    .post('/slack/_control/members')
    .send({ members: [...members, { id: 'U0BOT000001', name: 'bot', is_bot: true }] })
    .expect(200);
});
afterAll(async () => {
  await sandbox?.close();
});

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
};

describe('Slack Web API client against the sandbox', () => {
  it('a code is single use', async () => {
    const settings = resolveProviderSettings(providerEnvSchema.parse({ SANDBOX_URL: sandbox.url })).slack;
    const err = await failure(createSlackOAuth(settings).exchangeCode('sandbox-code-unknown'));
    expect(err).toMatchObject({ kind: 'permanent', providerCode: 'invalid_code' });
  });

  it('follows users.list cursors to the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.usersListPage(cursor, 2);
      expect(page.members.length).toBeLessThanOrEqual(2);
      seen.push(...page.members.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it('looks users up by email and id, and maps misses to not_found', async () => {
    expect(await api.lookupByEmail('M3@example.com')).toMatchObject({ id: 'U0MEMBER003', email: 'm3@example.com', isBot: false });
    expect((await api.usersInfo('U0BOT000001')).isBot).toBe(true);
    expect(await failure(api.lookupByEmail('nobody@example.com'))).toMatchObject({ kind: 'not_found', providerCode: 'users_not_found' });
  });

  it('posts blocks and attachments (form-encoded JSON) to a user DM', async () => {
    const posted = await api.postMessage('U0MEMBER001', {
      text: 'hi',
      attachments: [{ color: '#4CAF50', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }] }],
    });
    expect(posted.channel).toBe('D0MEMBER001');
    const recorded = sandbox.slack.state.messages.at(-1);
    expect(recorded).toMatchObject({ channel: 'U0MEMBER001', text: 'hi', attachments: [{ color: '#4CAF50' }] });
  });

  it('maps 429 to rate_limited with Retry-After, ok:false to its kind, and a revoked token to auth_revoked', async () => {
    await request(sandbox.url).post('/slack/_control/faults').send({ method: 'chat.postMessage', count: 1, retry_after: 7 }).expect(200);
    expect(await failure(api.postMessage('U0MEMBER001', { text: 'x' }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    await request(sandbox.url).post('/slack/_control/faults').send({ method: 'users.info', count: 1, error: 'internal_error' }).expect(200);
    expect(await failure(api.usersInfo('U0MEMBER001'))).toMatchObject({ kind: 'transient', providerCode: 'internal_error' });
    expect((await api.authTest()).teamId).toBe('T0SANDBOX1');
    await request(sandbox.url).post('/slack/_control/revoke').send({ token }).expect(200);
    expect(await failure(api.authTest())).toMatchObject({ kind: 'auth_revoked', providerCode: 'token_revoked' });
    const settings = resolveProviderSettings(providerEnvSchema.parse({ SANDBOX_URL: sandbox.url })).slack;
    expect(await failure(createSlackApi(settings, 'xoxb-made-up').authTest())).toMatchObject({
      kind: 'auth_revoked',
      providerCode: 'invalid_auth',
    });
  });
});
