import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interactionBody, signSlackRequest, slashCommandBody } from '@billops/sandbox';
import { finishedJob, SIGNING_SECRET, startSlackKit, TEAM_ID, type SlackKit } from './slack-test-kit.ts';

const BASE = '/api/v1/integrations/slack';
let kit: SlackKit;
/** Stands in for an attacker's server: records every request that reaches it. */
let trap: Server;
let trapUrl: string;
const trapped: string[] = [];

beforeAll(async () => {
  kit = await startSlackKit();
  trap = createServer((req, res) => {
    trapped.push(`${req.method} ${req.url}`);
    res.end('ok');
  });
  await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
  trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => trap.close(resolve));
  await kit.close();
});

const hostileUrls = () => [
  `${trapUrl}/steal`,
  'http://hooks.slack.com/commands/T1/1/x',
  'https://hooks.slack.com.evil.example/commands/x',
  'https://hooks.slack.com@evil.example/commands/x',
  'https://evil:pw@hooks.slack.com/commands/x',
  'https://hooks.slack.com:8443/commands/x',
  `${kit.sandbox.url}/google/token`,
];

describe('response_url allow-list', () => {
  it('refuses a /time whose response_url is not a Slack hook, and queues nothing', async () => {
    for (const responseUrl of hostileUrls()) {
      const body = slashCommandBody({
        text: '1h hostile',
        teamId: TEAM_ID,
        userId: 'U0NOBODY001',
        responseUrl,
        triggerId: `t-${responseUrl}`,
      });
      const signed = signSlackRequest(SIGNING_SECRET, body, 'form');
      const res = await request(kit.t.app).post(`${BASE}/commands/time`).set(signed.headers).send(signed.body).expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'response_url' }] });
    }
    expect(await kit.t.deps.queues.queues.notifications.count()).toBe(0);
  });

  it('refuses an interaction whose response_url is not a Slack hook', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: TEAM_ID },
      user: { id: 'U0NOBODY001' },
      response_url: `${trapUrl}/steal`,
      actions: [{ action_id: 'undo_time_entry', value: '00000000-0000-4000-8000-000000000000' }],
    };
    const signed = signSlackRequest(SIGNING_SECRET, interactionBody(payload), 'form');
    await request(kit.t.app).post(`${BASE}/interactions`).set(signed.headers).send(signed.body).expect(400);
  });

  it('the worker checks again and never posts to a URL that got into the queue some other way', async () => {
    await kit.t.deps.queues.enqueue(
      'slackResponse',
      { responseUrl: `${trapUrl}/steal`, text: 'hi', replaceOriginal: false },
      { jobId: 'hostile-response' },
    );
    const job = await finishedJob(kit, 'hostile-response');
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toContain('not a Slack response URL');
    expect(trapped).toEqual([]);
  });

  it('still answers on the sandbox response_url in sandbox mode', async () => {
    await kit.t.deps.queues.enqueue(
      'slackResponse',
      { responseUrl: `${kit.sandbox.url}/slack/_response/ok1`, text: 'fine', replaceOriginal: false },
      { jobId: 'sandbox-response' },
    );
    const job = await finishedJob(kit, 'sandbox-response');
    expect(await job.getState()).toBe('completed');
  });

  it('answers a /time with a NUL byte with 400, not 500', async () => {
    // (Form encoding carries no lone surrogates: they arrive as U+FFFD, which is valid text.)
    for (const text of ['2h: nul \u0000 here', '\u0000']) {
      const body = slashCommandBody({
        text,
        teamId: TEAM_ID,
        userId: 'U0NOBODY001',
        responseUrl: `${kit.sandbox.url}/slack/_response/x`,
        triggerId: `t-${text.length}`,
      });
      const signed = signSlackRequest(SIGNING_SECRET, body, 'form');
      const res = await request(kit.t.app).post(`${BASE}/commands/time`).set(signed.headers).send(signed.body).expect(400);
      expect(res.body.error.details).toMatchObject([{ path: 'text' }]);
    }
  });
});
