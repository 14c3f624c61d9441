import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { registerUser } from '../../../testing/harness.ts';
import {
  addMembers,
  buttonOf,
  entryIdOf,
  finishedJob,
  installWorkspace,
  messagesTo,
  sendEvent,
  sendInteraction,
  sendTime,
  startSlackKit,
  TEAM_ID,
  type SlackKit,
} from './slack-test-kit.ts';

let kit: SlackKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
let projectId: string;

beforeAll(async () => {
  kit = await startSlackKit();
  install = await installWorkspace(kit);
  const client = await kit.t.db.prisma.client.create({ data: { organizationId: install.owner.organizationId, name: 'Acme Corp' } });
  const project = await kit.t.db.prisma.project.create({
    data: { organizationId: install.owner.organizationId, clientId: client.id, name: 'Acme Web', code: 'acme-web' },
  });
  projectId = project.id;
});
afterAll(async () => {
  await kit?.close();
});

const auth = () => ({ Authorization: `Bearer ${install.owner.token}` });

describe('Slack install and binding', () => {
  it('installs through OAuth v2, stores the bot token encrypted only, and links the installer by email', async () => {
    expect(install.installed).toMatchObject({
      status: 'success',
      workspace_id: TEAM_ID,
      workspace_name: 'Sandbox Workspace',
      message: 'Slack workspace integrated successfully',
      linked_users: 1,
    });
    expect(JSON.stringify(install.installed)).not.toContain('xoxb-');
    expect(install.workspace.botTokenEncrypted).toMatch(/^f2\.v1\./);
    expect(install.workspace.scopes).toEqual(['chat:write', 'commands', 'users:read', 'users:read.email']);
    expect(kit.t.logLines.join('\n')).not.toContain('xoxb-');
    const status = await request(kit.t.app).get('/api/v1/integrations/slack/status').set(auth()).expect(200);
    expect(status.body).toMatchObject({
      status: 'connected',
      slack_user_id: install.slackUserId,
      slack_username: 'olive',
      daily_summary_enabled: true,
      invoice_notifications_enabled: true,
    });
  });

  it('rejects a reused state and lets only admins start an install', async () => {
    const member = await registerUser(kit.t.app);
    await kit.t.db.prisma.membership.update({
      where: { organizationId_userId: { organizationId: member.organizationId, userId: member.userId } },
      data: { role: 'member' },
    });
    await request(kit.t.app).get('/api/v1/integrations/slack/authorize').set('Authorization', `Bearer ${member.token}`).expect(403);
    const res = await request(kit.t.app)
      .post('/api/v1/integrations/slack/callback')
      .set(auth())
      .send({ code: 'x', state: 'not-a-real-state' })
      .expect(400);
    expect(res.body.error.reason).toBe('invalid_state');
  });

  it('re-installing updates the same workspace row (email linking stops at a rate limit, the install still succeeds)', async () => {
    const colleague = await registerUser(kit.t.app, { name: 'Rita Ratelimited' });
    await kit.t.db.prisma.membership.create({
      data: { organizationId: install.owner.organizationId, userId: colleague.userId, role: 'member' },
    });
    await addMembers(kit, [{ id: 'U0RATELIM01', name: 'rita', email: colleague.email }]);
    await request(kit.sandbox.url)
      .post('/slack/_control/faults')
      .send({ method: 'users.lookupByEmail', count: 1, retry_after: 30 })
      .expect(200);
    const authorize = await request(kit.t.app).get('/api/v1/integrations/slack/authorize').set(auth()).expect(200);
    const back = new URL((await fetch(authorize.body.auth_url, { redirect: 'manual' })).headers.get('location') ?? '');
    // The browser redirect (GET) completes the install too, then sends the user to the frontend.
    const cookie = (authorize.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]!).join('; ');
    const callbackUrl = `/api/v1/integrations/slack/callback?code=${back.searchParams.get('code')}&state=${back.searchParams.get('state')}`;
    // Only the browser that started the install may finish it.
    const elsewhere = await request(kit.t.app).get(callbackUrl).expect(302);
    expect(elsewhere.headers.location).toContain('reason=browser_mismatch');
    const res = await request(kit.t.app).get(callbackUrl).set('Cookie', cookie).expect(302);
    expect(res.headers.location).toContain('status=success');
    const rows = await kit.t.db.prisma.slackIntegration.findMany({ where: { workspaceId: TEAM_ID } });
    expect(rows.map((r) => r.id)).toEqual([install.workspace.id]);
    expect(rows[0]!.botTokenEncrypted).not.toBe(install.workspace.botTokenEncrypted);
    // Rita's lookup was rate limited: she is linked later (first /time or an admin), not guessed.
    expect(await kit.t.db.prisma.slackUserBinding.count({ where: { userId: colleague.userId } })).toBe(0);
  });

  it('lists members page by page and lets an admin link and unlink by hand', async () => {
    const colleague = await registerUser(kit.t.app, { name: 'Different Email' });
    await kit.t.db.prisma.membership.create({
      data: { organizationId: install.owner.organizationId, userId: colleague.userId, role: 'member' },
    });
    await addMembers(kit, [{ id: 'U0HANDLINK1', name: 'handy', email: 'handy@elsewhere.example' }]);
    const first = await request(kit.t.app).get('/api/v1/integrations/slack/users?limit=1').set(auth()).expect(200);
    expect(first.body.members).toHaveLength(1);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await request(kit.t.app)
      .get(`/api/v1/integrations/slack/users?limit=1&cursor=${encodeURIComponent(first.body.next_cursor)}`)
      .set(auth())
      .expect(200);
    expect(second.body.members[0].id).not.toBe(first.body.members[0].id);

    const link = await request(kit.t.app)
      .post('/api/v1/integrations/slack/bindings')
      .set(auth())
      .send({ slack_user_id: 'U0HANDLINK1', user_id: colleague.userId })
      .expect(201);
    expect(link.body).toMatchObject({ user_id: colleague.userId, slack_user_id: 'U0HANDLINK1', slack_username: 'handy' });
    await request(kit.t.app)
      .post('/api/v1/integrations/slack/bindings')
      .set(auth())
      .send({ slack_user_id: 'U0HANDLINK1', user_id: colleague.userId })
      .expect(409);
    await request(kit.t.app).delete(`/api/v1/integrations/slack/bindings/${link.body.id}`).set(auth()).expect(204);
    await request(kit.t.app).delete(`/api/v1/integrations/slack/bindings/${link.body.id}`).set(auth()).expect(404);
  });
});

describe('/time', () => {
  it('logs time, says what it understood, notifies once, and a retried trigger makes no second entry', async () => {
    const res = await sendTime(kit, '1h30m #acme-web yesterday: design review', {
      slackUserId: install.slackUserId,
      triggerId: 'trig-retry-1',
    }).expect(200);
    expect(res.body.response_type).toBe('ephemeral');
    expect(res.body.text).toContain('1.5 hours');
    expect(res.body.text).toContain('Acme Web (Acme Corp)');
    expect(res.body.text).toContain('yesterday');
    expect(res.body.text).toContain('design review');
    const undoButton = buttonOf(res.body, 'undo_time_entry');
    expect(undoButton).toMatchObject({ action_id: 'undo_time_entry', text: { text: 'Undo' } });
    expect(buttonOf(res.body, 'edit_time_entry')).toMatchObject({ text: { text: 'Edit' }, value: undoButton.value });

    const entry = await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { id: undoButton.value } });
    expect(entry).toMatchObject({
      source: 'slack',
      sourceRef: `slack:${TEAM_ID}:trig-retry-1`,
      durationSeconds: 5400,
      projectId,
      description: 'design review',
      userId: install.owner.userId,
    });
    // Yesterday (UTC user) ending at 18:00.
    expect(entry.endedAt.toISOString().slice(11, 16)).toBe('18:00');

    // Slack retries the same command (same trigger): same entry, same reply.
    const retry = await sendTime(kit, '1h30m #acme-web yesterday: design review', {
      slackUserId: install.slackUserId,
      triggerId: 'trig-retry-1',
    }).expect(200);
    expect(entryIdOf(retry)).toBe(entry.id);
    expect(await kit.t.db.prisma.timeEntry.count({ where: { sourceRef: `slack:${TEAM_ID}:trig-retry-1` } })).toBe(1);

    await finishedJob(kit, `time-entry-created-${entry.id}`);
    const posted = messagesTo(kit, install.slackUserId).filter((m) => m.text?.includes('1.5 hours'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toBe('⏱️ Time entry logged: 1.5 hours for Acme Web (Acme Corp)');
    expect(posted[0]!.attachments).toMatchObject([{ color: '#4CAF50', blocks: expect.any(Array) }]);
    const delivery = await kit.t.db.prisma.notificationDelivery.findUniqueOrThrow({
      where: { dedupeKey: `time_entry_created:${entry.id}` },
    });
    expect(delivery.sentAt).not.toBeNull();
  });

  it('answers help and usage errors without creating anything', async () => {
    const before = await kit.t.db.prisma.timeEntry.count();
    const help = await sendTime(kit, 'help', { slackUserId: install.slackUserId }).expect(200);
    expect(help.body.text).toContain('A bare number means *hours*');
    const bad = await sendTime(kit, '25h: too long', { slackUserId: install.slackUserId }).expect(200);
    expect(bad.body.text).toContain('24 hours');
    const unknown = await sendTime(kit, '2h #nope: x', { slackUserId: install.slackUserId }).expect(200);
    expect(unknown.body.text).toContain('`#nope`');
    expect(unknown.body.text).toContain('`#acme-web`');
    expect(await kit.t.db.prisma.timeEntry.count()).toBe(before);
  });

  it('undo deletes the entry (only for its owner) and updates the message through response_url', async () => {
    const res = await sendTime(kit, '45m: quick fix', { slackUserId: install.slackUserId }).expect(200);
    const entryId = entryIdOf(res);
    const payload = (slackUserId: string) => ({
      type: 'block_actions',
      team: { id: TEAM_ID, domain: 'sandbox' },
      user: { id: slackUserId, username: 'x', team_id: TEAM_ID },
      api_app_id: 'A0SANDBOX1',
      trigger_id: 'undo-trigger',
      response_url: `${kit.sandbox.url}/slack/_response/undo-${slackUserId}`,
      actions: [{ type: 'button', action_id: 'undo_time_entry', block_id: 'b1', value: entryId, action_ts: '1' }],
    });
    await sendInteraction(kit, payload('U0STRANGER1')).expect(200);
    expect(await kit.t.db.prisma.timeEntry.findUnique({ where: { id: entryId } })).not.toBeNull();

    await sendInteraction(kit, payload(install.slackUserId)).expect(200);
    expect(await kit.t.db.prisma.timeEntry.findUnique({ where: { id: entryId } })).toBeNull();
    const response = await eventually(() => kit.sandbox.slack.state.responses.find((r) => r.id === `undo-${install.slackUserId}`));
    expect(response.body).toMatchObject({ replace_original: true, text: expect.stringContaining('Undone') });
  });

  it('an unlinked Slack user gets how-to-link and nothing is created; a matching email links on first use', async () => {
    await addMembers(kit, [{ id: 'U0STRANGER1', name: 'stranger', email: 'stranger@nowhere.example' }]);
    const before = await kit.t.db.prisma.timeEntry.count();
    await sendTime(kit, '2h: sneaky', { slackUserId: 'U0STRANGER1' }).expect(200);
    const howToLink = await eventually(() =>
      kit.sandbox.slack.state.responses.find((r) => JSON.stringify(r.body).includes("isn't linked")),
    );
    expect(howToLink.body).toMatchObject({ response_type: 'ephemeral' });
    expect(await kit.t.db.prisma.timeEntry.count()).toBe(before);
    expect(await kit.t.db.prisma.slackUserBinding.count({ where: { slackUserId: 'U0STRANGER1' } })).toBe(0);

    const newcomer = await registerUser(kit.t.app, { name: 'Nina Newcomer' });
    await kit.t.db.prisma.membership.create({
      data: { organizationId: install.owner.organizationId, userId: newcomer.userId, role: 'member' },
    });
    await addMembers(kit, [{ id: 'U0NEWCOMER1', name: 'nina', email: newcomer.email }]);
    // The webhook answers at once; a job links the newcomer (users.info) and answers on response_url.
    const first = await sendTime(kit, '2h: onboarding', { slackUserId: 'U0NEWCOMER1', triggerId: 'trig-newcomer' }).expect(200);
    expect(first.body.text).toContain('linking your Slack account');
    const answer = await eventually(() => kit.sandbox.slack.state.responses.find((r) => JSON.stringify(r.body).includes('onboarding')));
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('2 hours') });
    const entry = await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { sourceRef: 'slack:T0SANDBOX1:trig-newcomer' } });
    expect(entry.userId).toBe(newcomer.userId);
    const binding = await kit.t.db.prisma.slackUserBinding.findFirstOrThrow({ where: { slackUserId: 'U0NEWCOMER1' } });
    expect(binding).toMatchObject({ userId: newcomer.userId, slackEmail: newcomer.email });
    // Now linked: answered directly.
    const second = await sendTime(kit, '1h: day two', { slackUserId: 'U0NEWCOMER1' }).expect(200);
    expect(second.body.text).toContain('1 hour');
  });

  it('refuses politely when time capture is off', async () => {
    await kit.t.db.prisma.slackIntegration.update({ where: { id: install.workspace.id }, data: { timeCaptureEnabled: false } });
    const before = await kit.t.db.prisma.timeEntry.count();
    const res = await sendTime(kit, '2h: blocked', { slackUserId: install.slackUserId }).expect(200);
    expect(res.body.text).toContain('turned off');
    expect(await kit.t.db.prisma.timeEntry.count()).toBe(before);
    await kit.t.db.prisma.slackIntegration.update({ where: { id: install.workspace.id }, data: { timeCaptureEnabled: true } });
  });

  it('rejects unsigned, mis-signed and stale requests with 401 and does nothing', async () => {
    const before = await kit.t.db.prisma.timeEntry.count();
    const bad = await sendTime(kit, '2h: forged', { slackUserId: install.slackUserId, secret: 'wrong-secret' }).expect(401);
    expect(bad.body.error.code).toBe('unauthorized');
    await request(kit.t.app)
      .post('/api/v1/integrations/slack/commands/time')
      .type('form')
      .send('team_id=T0SANDBOX1&user_id=U0OWNER0001&text=2h&trigger_id=x&response_url=http%3A%2F%2Fx')
      .expect(401);
    await request(kit.t.app).post('/api/v1/integrations/slack/events').send({ type: 'url_verification', challenge: 'c' }).expect(401);
    expect(await kit.t.db.prisma.timeEntry.count()).toBe(before);
  });
});

describe('Events API', () => {
  it('answers the url_verification challenge', async () => {
    const res = await sendEvent(kit, { token: 't', challenge: 'challenge-abc', type: 'url_verification' }).expect(200);
    expect(res.body).toEqual({ challenge: 'challenge-abc' });
  });

  it('app_uninstalled deactivates the workspace once; a retry is not processed twice', async () => {
    const event = {
      token: 't',
      team_id: TEAM_ID,
      api_app_id: 'A0SANDBOX1',
      type: 'event_callback',
      event_id: 'Ev0UNINSTALL1',
      event_time: 1,
      event: { type: 'app_uninstalled' },
    };
    await sendEvent(kit, event).expect(200);
    expect((await kit.t.db.prisma.slackIntegration.findUniqueOrThrow({ where: { id: install.workspace.id } })).isActive).toBe(false);
    // Reactivate behind its back: a retried delivery of the same event must not deactivate again.
    await kit.t.db.prisma.slackIntegration.update({ where: { id: install.workspace.id }, data: { isActive: true } });
    await sendEvent(kit, event, { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' }).expect(200);
    expect((await kit.t.db.prisma.slackIntegration.findUniqueOrThrow({ where: { id: install.workspace.id } })).isActive).toBe(true);
    expect(await kit.t.db.prisma.slackProcessedEvent.count({ where: { eventId: 'Ev0UNINSTALL1' } })).toBe(1);

    await sendEvent(kit, {
      ...event,
      event_id: 'Ev0REVOKED1',
      event: { type: 'tokens_revoked', tokens: { bot: ['U0SANDBOXBOT'] } },
    }).expect(200);
    const status = await request(kit.t.app).get('/api/v1/integrations/slack/status').set(auth()).expect(200);
    expect(status.body.status).toBe('disconnected');
    const res = await sendTime(kit, '2h: after uninstall', { slackUserId: install.slackUserId }).expect(200);
    expect(res.body.text).toContain('not connected');
  });
});
