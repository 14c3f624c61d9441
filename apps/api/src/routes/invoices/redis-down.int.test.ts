import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueues } from '@billops/queue';
import { createApp } from '../../app.ts';
import { createTestApp, registerUser, type TestApp } from '../../testing/harness.ts';
import { as } from '../members/test-fixtures.ts';

// Producers fail fast when Redis is unreachable: the request answers instead of hanging, and
// nothing is left half-done.
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
  it('marking an invoice ready answers 503 and leaves it a draft', async () => {
    const owner = await registerUser(t.app);
    const api = as(t.app, owner);
    const client = (await api.post('/api/v1/clients').send({ name: 'Acme' }).expect(201)).body.id as string;
    const project = (await api.post('/api/v1/projects').send({ name: 'Web', code: 'web', client_id: client, hourly_rate_cents: 10_000 }).expect(201)).body.id as string;
    await api.post('/api/v1/time-entries').send({ started_at: '2026-04-02T09:00:00Z', ended_at: '2026-04-02T10:00:00Z', project_id: project }).expect(201);
    const invoice = (await api.post('/api/v1/invoices').send({ client_id: client, from: '2026-04-01T00:00:00Z', to: '2026-05-01T00:00:00Z' }).expect(201)).body;

    const cutOff = createApp({ ...t.deps, queues: deadQueues });
    const res = await as(cutOff, owner).post(`/api/v1/invoices/${invoice.id}/ready`);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    const after = await api.get(`/api/v1/invoices/${invoice.id}`).expect(200);
    expect(after.body.status).toBe('draft');
  });
});
