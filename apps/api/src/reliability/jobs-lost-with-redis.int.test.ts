import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { reconcileDeliveries, relayOutbox } from '@billops/domain';
import { as } from '../testing/members.ts';
import { installWorkspace, messagesTo, sendTime } from '../routes/integrations/slack/slack-test-kit.ts';
import { quiescent, startFaultKit, type FaultKit } from './fault-kit.ts';

// Issue 14, item 3: jobs queued in a Redis that restarted without persistence were lost (55 "time
// logged" DMs and an "invoice ready" DM never sent). The reconciler finds the work whose delivery
// never happened and records it again, exactly once; what was delivered is left alone.
let kit: FaultKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
beforeAll(async () => {
  kit = await startFaultKit();
  install = await installWorkspace(kit, 'U0LOSTJOBS1');
});
afterAll(async () => {
  await kit?.close();
});

const loggedDms = () => messagesTo(kit, install.slackUserId).filter((m) => /Time entry logged/.test(m.text ?? ''));
const invoiceDms = () => messagesTo(kit, install.slackUserId).filter((m) => /Invoice .* ready/i.test(m.text ?? ''));
const settled = () => eventually(() => quiescent(kit).then((done) => done || undefined), 30_000);
const reconcile = (minutesLater: number) =>
  reconcileDeliveries(
    { ...kit.w.ctx, now: () => new Date(Date.now() + minutesLater * 60_000) },
    { olderThanMs: 15 * 60_000, horizonMs: 48 * 3_600_000, outboxRetentionMs: 7 * 86_400_000 },
  );

describe('jobs lost with Redis', () => {
  it('re-records each undelivered entry and the unannounced invoice once, and every DM goes out once', async () => {
    // One entry delivered normally, before anything goes wrong.
    const workers = await kit.startWorkers();
    await sendTime(kit, '15m: before the restart', { slackUserId: install.slackUserId }).expect(200);
    await eventually(() => loggedDms().length === 1 || undefined);
    await settled();
    await workers.close();
    kit.workers = undefined;

    // With no worker running, ten commands, a manual entry and a ready invoice are queued in Redis...
    const commands = 10;
    for (let i = 0; i < commands; i += 1)
      await sendTime(kit, `${i + 1}0m: queued work ${i}`, { slackUserId: install.slackUserId }).expect(200);
    const api = as(kit.t.app, install.owner);
    const client = (await api.post('/api/v1/clients').send({ name: 'Lost Co' }).expect(201)).body.id as string;
    const project = (
      await api.post('/api/v1/projects').send({ name: 'Lost', code: 'lost', client_id: client, hourly_rate_cents: 10_000 }).expect(201)
    ).body.id as string;
    await api
      .post('/api/v1/time-entries')
      .send({ started_at: '2026-04-02T09:00:00Z', ended_at: '2026-04-02T10:00:00Z', project_id: project })
      .expect(201);
    const invoice = (
      await api.post('/api/v1/invoices').send({ client_id: client, from: '2026-04-01T00:00:00Z', to: '2026-05-01T00:00:00Z' }).expect(201)
    ).body.id as string;
    await api.post(`/api/v1/invoices/${invoice}/ready`).expect(200);
    expect((await relayOutbox(kit.w.ctx)).relayed).toBe(commands + 2);
    expect(await kit.t.deps.queues.queues.notifications.getWaitingCount()).toBe(commands + 2);

    // ...and lost: Redis restarts without persistence.
    await kit.redis.kill();
    await kit.redis.start();
    await kit.startWorkers();
    await eventually(async () =>
      (await kit.t.deps.queues.queues.notifications.getJobCounts('waiting', 'completed', 'failed')).waiting === 0 ? true : undefined,
    );
    expect(loggedDms()).toHaveLength(1);
    expect(invoiceDms()).toHaveLength(0);

    // Too early to tell lost from slow: nothing is touched.
    expect(await reconcile(5)).toMatchObject({ timeEntries: 0, invoices: 0 });
    // Later: each undelivered item is recorded again, once however often the reconciler runs.
    expect(await reconcile(20)).toMatchObject({ timeEntries: commands + 1, invoices: 1 });
    expect(await reconcile(25)).toMatchObject({ timeEntries: 0, invoices: 0 });

    await eventually(() => (loggedDms().length >= commands + 2 && invoiceDms().length >= 1) || undefined, 30_000);
    await settled();
    expect(await reconcile(30)).toMatchObject({ timeEntries: 0, invoices: 0 });
    await settled();
    expect(loggedDms()).toHaveLength(commands + 2);
    expect(invoiceDms()).toHaveLength(1);
    const deliveries = await kit.t.db.prisma.notificationDelivery.groupBy({ by: ['kind'], where: { sentAt: { not: null } }, _count: true });
    expect(Object.fromEntries(deliveries.map((d) => [d.kind, d._count]))).toEqual({ time_entry_created: commands + 2, invoice_ready: 1 });
  });
});
