/**
 * Test kit for the Slack integration tests: a real sandbox, API and worker sharing one database and
 * Redis prefix, plus helpers that sign requests exactly as Slack does. Not a test file itself.
 */
import type { Job } from 'bullmq';
import request from 'supertest';
import {
  interactionBody,
  signSlackRequest,
  slashCommandBody,
  type RecordedMessage,
  type RunningSandbox,
  type SandboxSlackMember,
} from '@billops/sandbox';
import { SANDBOX_CREDENTIALS } from '@billops/providers';
import { eventually } from '@billops/testing';
import type { RunningWorkers } from '../../../../../worker/src/worker.ts';
import type { TestWorkerContext } from '../../../../../worker/src/testing/harness.ts';
import { registerUser, type TestApp } from '../../../testing/harness.ts';
import { startTestStack } from '../../../testing/stack.ts';

export const SIGNING_SECRET = SANDBOX_CREDENTIALS.slack.signingSecret;
export const TEAM_ID = 'T0SANDBOX1';
const BASE = '/api/v1/integrations/slack';

export type SlackKit = {
  sandbox: RunningSandbox;
  t: TestApp;
  w: TestWorkerContext;
  workers: RunningWorkers;
  close: () => Promise<void>;
};

/** What the request helpers below need: any kit with the sandbox and the API. */
type SlackSide = Pick<SlackKit, 'sandbox' | 't'>;

export async function startSlackKit(): Promise<SlackKit> {
  const { worker, ...stack } = await startTestStack();
  return { ...stack, w: worker };
}

export function addMembers(kit: SlackSide, members: { id: string; name: string; email?: string; is_bot?: boolean; deleted?: boolean }[]) {
  return request(kit.sandbox.url).post('/slack/_control/members').send({ members }).expect(200);
}

/** Registers an owner, gives them a Slack identity with the same email and installs the app. */
export async function installWorkspace(kit: SlackSide, slackUserId = 'U0OWNER0001') {
  const owner = await registerUser(kit.t.app, { name: 'Olive Owner' });
  await addMembers(kit, [{ id: slackUserId, name: 'olive', email: owner.email }]);
  const authorize = await request(kit.t.app).get(`${BASE}/authorize`).set('Authorization', `Bearer ${owner.token}`).expect(200);
  // Slack's consent screen redirects the browser back with code and state.
  const consent = await fetch(authorize.body.auth_url as string, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location') ?? '');
  const code = back.searchParams.get('code');
  const state = back.searchParams.get('state');
  const installed = await request(kit.t.app)
    .post(`${BASE}/callback`)
    .set('Authorization', `Bearer ${owner.token}`)
    .send({ code, state })
    .expect(200);
  const workspace = await kit.t.db.prisma.slackIntegration.findUniqueOrThrow({ where: { workspaceId: TEAM_ID } });
  return { owner, slackUserId, installed: installed.body as Record<string, unknown>, workspace };
}

let triggerCounter = 0;

/** Sends a signed `/time`, as Slack would. */
export function sendTime(
  kit: SlackSide,
  text: string,
  options: { slackUserId: string; triggerId?: string; secret?: string; responseUrl?: string },
) {
  triggerCounter += 1;
  const body = slashCommandBody({
    text,
    teamId: TEAM_ID,
    userId: options.slackUserId,
    responseUrl: options.responseUrl ?? `${kit.sandbox.url}/slack/_response/cmd${triggerCounter}`,
    triggerId: options.triggerId ?? `trigger-${Date.now()}-${triggerCounter}`,
  });
  const signed = signSlackRequest(options.secret ?? SIGNING_SECRET, body, 'form');
  return request(kit.t.app).post(`${BASE}/commands/time`).set(signed.headers).send(signed.body);
}

type Button = { action_id: string; value?: string; text?: { text: string } };

/** A button of a reply by its action_id (`undo_time_entry`, `edit_time_entry`). */
export function buttonOf(body: { blocks?: { type: string; elements?: Button[] }[] }, actionId: string): Button {
  const button = (body.blocks ?? []).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : [])).find((e) => e.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${JSON.stringify(body)}`);
  return button;
}

/** The entry id a `/time` reply's buttons carry. */
export const entryIdOf = (res: { body: { blocks?: { type: string; elements?: Button[] }[] } }): string =>
  buttonOf(res.body, 'undo_time_entry').value!;

export function sendInteraction(kit: SlackSide, payload: unknown) {
  const signed = signSlackRequest(SIGNING_SECRET, interactionBody(payload), 'form');
  return request(kit.t.app).post(`${BASE}/interactions`).set(signed.headers).send(signed.body);
}

export function sendEvent(kit: SlackSide, event: unknown, headers: Record<string, string> = {}) {
  const signed = signSlackRequest(SIGNING_SECRET, JSON.stringify(event), 'json');
  return request(kit.t.app)
    .post(`${BASE}/events`)
    .set({ ...signed.headers, ...headers })
    .send(signed.body);
}

export async function messages(kit: SlackSide): Promise<RecordedMessage[]> {
  return kit.sandbox.slack.state.messages;
}

export const messagesTo = (kit: SlackSide, channel: string) => kit.sandbox.slack.state.messages.filter((m) => m.channel === channel);

/** Waits for a job to finish and returns it (its returnvalue says what the handler did). */
export async function finishedJob(kit: SlackKit, jobId: string): Promise<Job> {
  const queue = kit.t.deps.queues.queues.notifications;
  return eventually(
    async () => {
      const job = await queue.getJob(jobId);
      if (!job) return undefined;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') return (await queue.getJob(jobId)) ?? undefined;
      return undefined;
    },
    { what: `job ${jobId} to finish` },
  );
}

export type { SandboxSlackMember };
