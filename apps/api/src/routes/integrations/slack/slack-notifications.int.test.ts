import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, insertMember } from '@billops/testing';
import { formatDuration } from '@billops/core';
import { sendDailySummary } from '@billops/domain';
import {
  addMembers,
  entryIdOf,
  finishedJob,
  installWorkspace,
  messagesTo,
  sendTime,
  startSlackKit,
  type SlackKit,
} from './slack-test-kit.ts';
import { registerUser } from '../../../testing/harness.ts';

let kit: SlackKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;

beforeAll(async () => {
  kit = await startSlackKit();
  install = await installWorkspace(kit, 'U0NOTIFY001');
});
afterAll(async () => {
  await kit?.close();
});

const auth = () => ({ Authorization: `Bearer ${install.owner.token}` });

// The daily-summary tests fix the worker's clock (the tick's "due" and "today" must not depend on
// when the suite runs); every other test runs on the real time.
const NOW = '2026-03-02T12:00:00Z';
const TODAY = '2026-03-02';
afterEach(() => kit.w.clock.useRealTime());

/** A member of the workspace's organization, linked in Slack, with 90 minutes in two entries on TODAY and one the day before. */
async function summaryMember(slackUserId: string) {
  const member = await insertMember(kit.t.deps, install.owner.organizationId);
  await addMembers(kit, [{ id: slackUserId, name: slackUserId.toLowerCase(), email: member.email }]);
  await kit.t.db.prisma.slackUserBinding.create({ data: { userId: member.userId, slackIntegrationId: install.workspace.id, slackUserId } });
  const entry = (startedAt: string, minutes: number) => ({
    organizationId: install.owner.organizationId,
    userId: member.userId,
    startedAt: new Date(startedAt),
    endedAt: new Date(new Date(startedAt).getTime() + minutes * 60_000),
    durationSeconds: minutes * 60,
    source: 'manual' as const,
  });
  await kit.t.db.prisma.timeEntry.createMany({
    data: [entry(`${TODAY}T09:00:00Z`, 60), entry(`${TODAY}T11:00:00Z`, 30), entry('2026-03-01T10:00:00Z', 45)],
  });
  return { ...member, slackUserId };
}

describe('Slack notifications', () => {
  it('a 429 on chat.postMessage re-queues the job after Retry-After and delivers exactly once', async () => {
    await request(kit.sandbox.url)
      .post('/slack/_control/faults')
      .send({ method: 'chat.postMessage', count: 1, retry_after: 1 })
      .expect(200);
    const res = await sendTime(kit, '3h: rate limited work', { slackUserId: install.slackUserId }).expect(200);
    const entryId = entryIdOf(res);
    const job = await finishedJob(kit, `time-entry-created-${entryId}`);
    expect(job.returnvalue).toEqual({ status: 'sent' });
    // The 429 was served (the fault is used up); the job ran twice, but only the successful run
    // counts as an attempt (a rate-limited run does not use up the retry budget).
    expect(kit.sandbox.slack.state.faults.every((f) => f.remaining === 0)).toBe(true);
    expect(job.attemptsStarted).toBe(2);
    expect(job.attemptsMade).toBe(1);
    expect(messagesTo(kit, install.slackUserId).filter((m) => m.text === '⏱️ Time entry logged: 3 hours')).toHaveLength(1);

    // Running the same notification again (a retry after a successful post) does not post twice.
    await kit.t.deps.queues.enqueue('notifyTimeEntryCreated', { timeEntryId: entryId }, { jobId: `again-${entryId}` });
    const again = await finishedJob(kit, `again-${entryId}`);
    expect(again.returnvalue).toEqual({ status: 'already_sent' });
    expect(messagesTo(kit, install.slackUserId).filter((m) => m.text === '⏱️ Time entry logged: 3 hours')).toHaveLength(1);
  });

  it('respects the per-type preference and the workspace switch', async () => {
    const prefs = await request(kit.t.app)
      .put('/api/v1/integrations/slack/preferences')
      .set(auth())
      .send({ time_entry_notifications: false })
      .expect(200);
    expect(prefs.body).toMatchObject({ status: 'connected', time_entry_notifications_enabled: false, daily_summary_enabled: true });
    await request(kit.t.app).put('/api/v1/integrations/slack/preferences').set(auth()).send({}).expect(400);

    const quiet = await sendTime(kit, '20m: quiet', { slackUserId: install.slackUserId }).expect(200);
    expect((await finishedJob(kit, `time-entry-created-${entryIdOf(quiet)}`)).returnvalue).toEqual({
      status: 'skipped',
      reason: 'user_opted_out',
    });

    await request(kit.t.app).put('/api/v1/integrations/slack/preferences').set(auth()).send({ time_entry_notifications: true }).expect(200);
    await kit.t.db.prisma.slackIntegration.update({ where: { id: install.workspace.id }, data: { notificationsEnabled: false } });
    const muted = await sendTime(kit, '25m: muted workspace', { slackUserId: install.slackUserId }).expect(200);
    expect((await finishedJob(kit, `time-entry-created-${entryIdOf(muted)}`)).returnvalue).toEqual({
      status: 'skipped',
      reason: 'workspace_notifications_disabled',
    });
    await kit.t.db.prisma.slackIntegration.update({ where: { id: install.workspace.id }, data: { notificationsEnabled: true } });
    expect(messagesTo(kit, install.slackUserId).filter((m) => /20 minutes|25 minutes|0\.33|0\.42/.test(m.text ?? ''))).toHaveLength(0);

    // A member without a Slack link, and an entry deleted before its job ran.
    const { prisma } = kit.t.db;
    const unlinked = await insertMember(kit.t.deps, install.owner.organizationId, { name: 'Unlinked' });
    const entry = await prisma.timeEntry.create({
      data: {
        organizationId: install.owner.organizationId,
        userId: unlinked.userId,
        startedAt: new Date(Date.now() - 3600_000),
        endedAt: new Date(),
        durationSeconds: 3600,
        source: 'manual',
      },
    });
    await kit.t.deps.queues.enqueue('notifyTimeEntryCreated', { timeEntryId: entry.id }, { jobId: `unlinked-${entry.id}` });
    expect((await finishedJob(kit, `unlinked-${entry.id}`)).returnvalue).toEqual({ status: 'skipped', reason: 'not_linked' });
    await prisma.timeEntry.delete({ where: { id: entry.id } });
    await kit.t.deps.queues.enqueue('notifyTimeEntryCreated', { timeEntryId: entry.id }, { jobId: `deleted-${entry.id}` });
    expect((await finishedJob(kit, `deleted-${entry.id}`)).returnvalue).toEqual({ status: 'skipped', reason: 'entry_deleted' });
  });

  it('invoice ready: "Invoice INV-0001 ready: $1,500.00", blue, formatted for the currency', async () => {
    const client = await kit.t.db.prisma.client.create({ data: { organizationId: install.owner.organizationId, name: 'Globex' } });
    const period = { periodStart: new Date('2026-11-01T00:00:00Z'), periodEnd: new Date('2026-11-30T00:00:00Z') };
    const usd = await kit.t.db.prisma.invoice.create({
      data: {
        organizationId: install.owner.organizationId,
        clientId: client.id,
        number: 'INV-0001',
        status: 'ready',
        currency: 'USD',
        totalCents: 150000,
        createdById: install.owner.userId,
        ...period,
      },
    });
    const eur = await kit.t.db.prisma.invoice.create({
      data: {
        organizationId: install.owner.organizationId,
        clientId: client.id,
        number: 'INV-0002',
        status: 'ready',
        currency: 'JPY',
        totalCents: 150000,
        createdById: install.owner.userId,
        ...period,
      },
    });
    await kit.t.deps.queues.enqueue('notifyInvoiceReady', { invoiceId: usd.id }, { jobId: `inv-${usd.id}` });
    await kit.t.deps.queues.enqueue('notifyInvoiceReady', { invoiceId: eur.id }, { jobId: `inv-${eur.id}` });
    await finishedJob(kit, `inv-${usd.id}`);
    await finishedJob(kit, `inv-${eur.id}`);
    const sent = messagesTo(kit, install.slackUserId);
    const invoiceMessage = sent.find((m) => m.text?.includes('INV-0001'));
    expect(invoiceMessage?.text).toBe('📄 Invoice INV-0001 ready: $1,500.00');
    expect(invoiceMessage?.attachments).toMatchObject([{ color: '#2196F3' }]);
    // Yen has no minor unit: the amount is in yen already.
    expect(sent.find((m) => m.text?.includes('INV-0002'))?.text).toBe('📄 Invoice INV-0002 ready: ¥150,000');
  });

  it('re-auth needed: a warning DM to the account owner', async () => {
    const account = await kit.t.db.prisma.userOAuthAccount.create({
      data: {
        userId: install.owner.userId,
        provider: 'google',
        providerAccountId: 'g-1',
        providerEmail: 'olive@gmail.example',
        scopes: [],
        accessTokenEncrypted: 'v1.x.y.z',
        status: 'needs_reauth',
      },
    });
    await kit.t.deps.queues.enqueue('notifyReauthRequired', { oauthAccountId: account.id }, { jobId: `reauth-${account.id}` });
    await finishedJob(kit, `reauth-${account.id}`);
    const warning = messagesTo(kit, install.slackUserId).find((m) => m.text?.includes('re-authorized'));
    expect(warning?.text).toContain('Google Calendar connection (olive@gmail.example)');
    expect(warning?.attachments).toMatchObject([{ color: '#FFC107' }]);
  });

  it('re-auth needed: nothing to a binding in an organization the user never joined', async () => {
    // A binding an admin made to their own Slack user for someone outside the organization (as
    // adding members without consent allowed): that person's notices must not reach it.
    const outsider = await registerUser(kit.t.app);
    await kit.t.db.prisma.slackUserBinding.create({
      data: { userId: outsider.userId, slackIntegrationId: install.workspace.id, slackUserId: 'U0ATTACKER1' },
    });
    const account = await kit.t.db.prisma.userOAuthAccount.create({
      data: {
        userId: outsider.userId,
        provider: 'google',
        providerAccountId: 'g-outsider',
        providerEmail: 'victim@gmail.example',
        scopes: [],
        accessTokenEncrypted: 'v1.x.y.z',
        status: 'needs_reauth',
      },
    });
    await kit.t.deps.queues.enqueue('notifyReauthRequired', { oauthAccountId: account.id }, { jobId: `reauth-${account.id}` });
    const job = await finishedJob(kit, `reauth-${account.id}`);
    expect(job.returnvalue).toEqual({});
    // Nor their daily summary.
    await kit.t.deps.queues.enqueue(
      'dailySummary',
      { userId: outsider.userId, date: '2026-11-25' },
      { jobId: `summary-outsider-${outsider.userId}` },
    );
    expect((await finishedJob(kit, `summary-outsider-${outsider.userId}`)).returnvalue).toMatchObject({ status: 'skipped' });
    expect(messagesTo(kit, 'U0ATTACKER1')).toEqual([]);
    // Nor their daily summary.
    expect(await sendDailySummary({ ...kit.t.deps, now: () => new Date(NOW) }, { userId: outsider.userId })).toEqual({
      status: 'skipped',
      reason: 'not_linked_or_opted_out',
    });
    // Leave the workspace as the other tests expect it.
    await kit.t.db.prisma.slackUserBinding.deleteMany({ where: { userId: outsider.userId } });
  });

  it('daily summary: the totals for the local day, once per user per day, from jobs and from the tick', async () => {
    const member = await summaryMember('U0SUMMARY01');
    kit.w.clock.set(NOW);
    await kit.t.deps.queues.enqueue('dailySummary', { userId: member.userId, date: TODAY }, { jobId: `summary-a-${member.userId}` });
    await kit.t.deps.queues.enqueue('dailySummary', { userId: member.userId, date: TODAY }, { jobId: `summary-b-${member.userId}` });
    expect((await finishedJob(kit, `summary-a-${member.userId}`)).returnvalue).toBeDefined();
    expect((await finishedJob(kit, `summary-b-${member.userId}`)).returnvalue).toBeDefined();
    // The scheduler tick finds nobody due today: this user was sent today's summary, everyone else
    // keeps the default 18:00, still ahead at noon.
    await kit.t.db.prisma.user.update({ where: { id: member.userId }, data: { dailySummaryTime: '00:00' } });
    await kit.t.deps.queues.enqueue('dailySummary', {}, { jobId: `summary-tick-${member.userId}` });
    expect((await finishedJob(kit, `summary-tick-${member.userId}`)).returnvalue).toEqual({ enqueued: 0 });

    const summaries = messagesTo(kit, member.slackUserId).filter((m) => m.text?.startsWith('📊 Daily Summary'));
    expect(summaries.map((m) => m.text)).toEqual([`📊 Daily Summary: 2 entries logged (${formatDuration(90 * 60)})`]);
  });

  it('the tick enqueues a per-user job for users whose summary time has passed', async () => {
    const member = await summaryMember('U0SUMMARY02');
    kit.w.clock.set(NOW);
    await kit.t.db.prisma.user.update({ where: { id: member.userId }, data: { dailySummaryTime: '00:00' } });
    await kit.t.deps.queues.enqueue('dailySummary', {}, { jobId: `summary-tick-${member.userId}` });
    expect((await finishedJob(kit, `summary-tick-${member.userId}`)).returnvalue).toEqual({ enqueued: 1 });
    await finishedJob(kit, `daily-summary-${member.userId}-${TODAY}`);
    await eventually(() => messagesTo(kit, member.slackUserId).some((m) => m.text?.startsWith('📊 Daily Summary')), {
      what: 'the daily summary DM',
    });
  });
});
