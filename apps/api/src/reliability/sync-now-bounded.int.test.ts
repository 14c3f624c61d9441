import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { registerUser } from '../testing/harness.ts';
import {} from '../routes/integrations/slack/slack-test-kit.ts';
import { quiescent, startFaultKit, timed, type FaultKit } from './fault-kit.ts';

// Issue 14, item 4: "sync now" hung for as long as Redis was away (its QueueEvents connection waited
// forever). Now it answers within SYNC_WAIT_MS plus a small margin whatever Redis does (refusing,
// or silent behind a partition); the request is kept in the outbox and its sync runs once Redis is back.
const SYNC_WAIT_MS = 1_500;
// SYNC_WAIT_MS, the one-second allowance to hand the job over, and PostgreSQL's share on a loaded machine.
const BOUND_MS = SYNC_WAIT_MS + 1_000 + 1_500;

let kit: FaultKit;
beforeAll(async () => {
  kit = await startFaultKit({ SYNC_WAIT_MS: String(SYNC_WAIT_MS) }, { PROVIDER_RETRY_BASE_DELAY_MS: '10' });
  await kit.startWorkers();
});
afterAll(async () => {
  await kit?.close();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function connectCalendar(token: string): Promise<string> {
  const start = await request(kit.t.app).get('/api/v1/integrations/google/authorize').set(auth(token)).expect(200);
  const consent = await fetch(`${start.body.auth_url}&login_hint=${encodeURIComponent('sync.now@example.com')}`, { redirect: 'manual' });
  const back = new URL(consent.headers.get('location')!);
  await request(kit.t.app)
    .post('/api/v1/integrations/google/callback')
    .set(auth(token))
    .send({ code: back.searchParams.get('code'), state: start.body.state })
    .expect(200);
  const selected = await request(kit.t.app)
    .post('/api/v1/integrations/google/select-calendar')
    .set(auth(token))
    .send({ calendar_id: 'sandbox.user@example.com' })
    .expect(200);
  return selected.body.calendar_id as string;
}

const completedSyncs = async () =>
  (await kit.w.ctx.queues.queues.calendar.getJobs(['completed'])).filter((job) => job.name === 'calendar:sync').length;

describe('sync now while Redis is away', () => {
  it('answers 202 within its bound, keeps the request, and the sync runs once Redis is back', async () => {
    const user = await registerUser(kit.t.app);
    const calendarId = await connectCalendar(user.token);
    await eventually(async () => (await completedSyncs()) === 1 || undefined);
    const sync = () => timed(() => request(kit.t.app).post(`/api/v1/integrations/google/${calendarId}/sync`).set(auth(user.token)));

    // Redis up: the sync finishes within the wait and answers with its counts.
    const ok = await sync();
    expect(ok.value.status).toBe(200);
    expect(ok.value.body.status).toBe('success');
    expect(await completedSyncs()).toBe(2);

    // Redis down: three requests, each answered 202 (queued) within the bound.
    await kit.redis.kill();
    const answers = await Promise.all([sync(), sync(), sync()]);
    for (const { value, ms } of answers) {
      expect(value.status).toBe(202);
      expect(value.body).toMatchObject({ status: 'queued', job_id: expect.stringMatching(/^outbox-\d+$/) });
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const ready = await request(kit.t.app).get('/readyz').expect(503);
    expect(ready.body.checks.redis).toBe('unavailable');

    // Back: every kept request is relayed once and runs. Requests join a sync while it is queued or
    // running, so three requests make one to three runs (one if all three are relayed together; a
    // request whose relay attempt still held its row makes its own), never more than one per request.
    await kit.redis.start();
    await eventually(async () => (await completedSyncs()) >= 1 || undefined, 30_000);
    await eventually(() => quiescent(kit).then((done) => done || undefined), 30_000);
    const runs = await completedSyncs();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(answers.length);
    const calendar = await kit.t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: calendarId } });
    expect(calendar.syncStatus).toBe('succeeded');

    // The API cut off from Redis by a partition (nothing refused, nothing answered): still within the bound.
    kit.apiRedisProxy.partition();
    const silent = await sync();
    expect(silent.value.status).toBe(202);
    expect(silent.value.body).toMatchObject({ status: 'queued', job_id: expect.stringMatching(/^outbox-\d+$/) });
    expect(silent.ms).toBeLessThan(BOUND_MS);
    // The worker still reaches Redis: it relays the request and the sync runs, once.
    await eventually(async () => (await completedSyncs()) === runs + 1 || undefined, 30_000);
    kit.apiRedisProxy.cut();
    await kit.apiRedisProxy.heal();
    await eventually(() => quiescent(kit).then((done) => done || undefined), 30_000);
    expect(await completedSyncs()).toBe(runs + 1);
  });
});
