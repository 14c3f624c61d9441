import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { formatDuration, localDateOf } from '@billops/core';
import { sendDailySummary } from '@billops/domain';
import { entryIdOf, finishedJob, installWorkspace, messagesTo, sendTime, startSlackKit, type SlackKit } from './slack-test-kit.ts';
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
    const unlinked = await prisma.user.create({
      data: { email: `unlinked-${Date.now()}@example.com`, name: 'Unlinked', passwordHash: 'x' },
    });
    await prisma.membership.create({ data: { organizationId: install.owner.organizationId, userId: unlinked.id, role: 'member' } });
    const entry = await prisma.timeEntry.create({
      data: {
        organizationId: install.owner.organizationId,
        userId: unlinked.id,
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
    expect(await sendDailySummary({ ...kit.t.deps, now: () => new Date() }, { userId: outsider.userId })).toEqual({
      status: 'skipped',
      reason: 'not_linked_or_opted_out',
    });
    // Leave the workspace as the other tests expect it.
    await kit.t.db.prisma.slackUserBinding.deleteMany({ where: { userId: outsider.userId } });
  });

  it('daily summary: the totals for the local day, once per user per day, from jobs and from the tick', async () => {
    const today = localDateOf(new Date(), 'UTC');
    const entries = await kit.t.db.prisma.timeEntry.findMany({
      where: { userId: install.owner.userId, startedAt: { gte: new Date(`${today}T00:00:00Z`) } },
    });
    const total = formatDuration(entries.reduce((s, e) => s + e.durationSeconds, 0));
    await kit.t.deps.queues.enqueue('dailySummary', { userId: install.owner.userId, date: today }, { jobId: 'summary-a' });
    await kit.t.deps.queues.enqueue('dailySummary', { userId: install.owner.userId, date: today }, { jobId: 'summary-b' });
    expect((await finishedJob(kit, 'summary-a')).returnvalue).toBeDefined();
    expect((await finishedJob(kit, 'summary-b')).returnvalue).toBeDefined();
    // The scheduler tick finds nobody due for today any more (already sent), so it adds nothing.
    // Only the owner takes part: other tests' users would be due once their 18:00 has passed.
    await kit.t.db.prisma.slackUserBinding.updateMany({
      where: { userId: { not: install.owner.userId } },
      data: { notifyDailySummary: false },
    });
    await kit.t.db.prisma.user.update({ where: { id: install.owner.userId }, data: { dailySummaryTime: '00:00' } });
    await kit.t.deps.queues.enqueue('dailySummary', {}, { jobId: 'summary-tick' });
    expect((await finishedJob(kit, 'summary-tick')).returnvalue).toEqual({ enqueued: 0 });

    const summaries = messagesTo(kit, install.slackUserId).filter((m) => m.text?.startsWith('📊 Daily Summary'));
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.text).toBe(`📊 Daily Summary: ${entries.length} entries logged (${total})`);
  });

  it('the tick enqueues a per-user job for users whose summary time has passed', async () => {
    await kit.t.db.prisma.notificationDelivery.deleteMany({ where: { kind: 'daily_summary' } });
    await kit.t.db.prisma.slackUserBinding.updateMany({
      where: { userId: { not: install.owner.userId } },
      data: { notifyDailySummary: false },
    });
    await kit.t.db.prisma.user.update({ where: { id: install.owner.userId }, data: { dailySummaryTime: '00:00' } });
    await kit.t.deps.queues.enqueue('dailySummary', {}, { jobId: 'summary-tick-2' });
    expect((await finishedJob(kit, 'summary-tick-2')).returnvalue).toEqual({ enqueued: 1 });
    const today = localDateOf(new Date(), 'UTC');
    await finishedJob(kit, `daily-summary-${install.owner.userId}-${today}`);
    await eventually(
      () => messagesTo(kit, install.slackUserId).filter((m) => m.text?.startsWith('📊 Daily Summary')).length === 2 || undefined,
    );
  });
});
