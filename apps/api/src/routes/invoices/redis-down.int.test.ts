import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayOutbox } from '@billops/domain';
import { JobQueues } from '@billops/domain';
import { Prisma, queryRows } from '@billops/db';
import { createApp } from '../../app.ts';
import { createTestApp, registerUser, type TestApp } from '../../testing/harness.ts';
import { as } from '../../testing/members.ts';

// The API does not need Redis to mark an invoice ready: the announcement is recorded in the outbox
// with the status change, and reaches the queue once Redis takes it.
let t: TestApp;
let deadQueues: JobQueues;
beforeAll(async () => {
  t = await createTestApp();
  deadQueues = new JobQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: 'dead', enqueueTimeoutMs: 500 });
  deadQueues.redis.on('error', () => undefined);
});
afterAll(async () => {
  deadQueues.redis.disconnect();
  await t.close();
});

describe('with Redis unreachable', () => {
  it('marking an invoice ready succeeds and its announcement is queued once Redis is back', async () => {
    const owner = await registerUser(t.app);
    const api = as(t.app, owner);
    const client = (await api.post('/api/v1/clients').send({ name: 'Acme' }).expect(201)).body.id as string;
    const project = (
      await api.post('/api/v1/projects').send({ name: 'Web', code: 'web', client_id: client, hourly_rate_cents: 10_000 }).expect(201)
    ).body.id as string;
    await api
      .post('/api/v1/time-entries')
      .send({ started_at: '2026-04-02T09:00:00Z', ended_at: '2026-04-02T10:00:00Z', project_id: project })
      .expect(201);
    const invoice = (
      await api.post('/api/v1/invoices').send({ client_id: client, from: '2026-04-01T00:00:00Z', to: '2026-05-01T00:00:00Z' }).expect(201)
    ).body;

    const cutOff = { ...t.deps, queues: deadQueues };
    const res = await as(createApp(cutOff), owner).post(`/api/v1/invoices/${invoice.id}/ready`).expect(200);
    expect(res.body.status).toBe('ready');
    // The relay cannot hand it over while Redis is away: it says so, and the job stays recorded.
    await expect(relayOutbox(cutOff)).rejects.toMatchObject({ code: 'unavailable', reason: 'redis' });
    const [pending] = await queryRows<{ attempts: number; lastError: string | null }>(
      t.db.prisma,
      Prisma.sql`
      SELECT attempts, last_error AS "lastError" FROM job_outbox WHERE job_key = 'notifyInvoiceReady' AND relayed_at IS NULL`,
    );
    expect(pending).toMatchObject({ attempts: 1, lastError: expect.any(String) });

    expect((await relayOutbox(t.deps)).relayed).toBe(2);
    const job = await t.deps.queues.queues.notifications.getJob(`invoice-ready-${invoice.id}`);
    expect(job?.data).toEqual({ invoiceId: invoice.id });
  });
});
