import request from 'supertest';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@billops/db';
import { startTcpProxy, type TcpProxy } from '@billops/testing';
import { createApp } from '../app.ts';
import { createTestApp, registerUser, type TestApp } from '../testing/harness.ts';
import { timed } from './fault-kit.ts';

// Issue 14, item 5: a PostgreSQL partition held requests for as long as it lasted (no connection,
// statement or query timeout), and refused connections answered 500. Now every wait is bounded and
// an unreachable database answers 503 {code: unavailable, reason: postgres} with Retry-After.
const TIMEOUTS = { connectMs: 1_000, statementMs: 2_000, queryMs: 2_500 };
// The longest a request can wait (a connection, then a query), with room for a loaded machine.
const BOUND_MS = TIMEOUTS.connectMs + TIMEOUTS.queryMs + 2_500;

let t: TestApp;
let proxy: TcpProxy;
let prisma: PrismaClient;
let app: Express;
let owner: Awaited<ReturnType<typeof registerUser>>;
beforeAll(async () => {
  t = await createTestApp({ SESSION_CACHE_TTL_MS: '0' });
  const server = new URL(t.db.url);
  proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  prisma = createPrismaClient({ databaseUrl: proxy.urlFor(t.db.url), maxConnections: 4, timeouts: TIMEOUTS });
  app = createApp({ ...t.deps, prisma });
  owner = await registerUser(app);
});
afterAll(async () => {
  await proxy?.close();
  await prisma?.$disconnect().catch(() => undefined);
  await t?.close();
});

const auth = () => ({ Authorization: `Bearer ${owner.token}` });
let minute = 0;
const logTime = () => {
  minute += 1;
  const start = new Date(Date.UTC(2026, 3, 1, 8, minute));
  return request(app)
    .post('/api/v1/time-entries')
    .set(auth())
    .send({ started_at: start.toISOString(), ended_at: new Date(start.getTime() + 30 * 60_000).toISOString() });
};
const listTime = () => request(app).get('/api/v1/time-entries').set(auth());
const entries = () => t.db.prisma.timeEntry.count({ where: { userId: owner.userId } });

/** Sends reads and writes at once; every one must be answered 503 postgres, within the bound. */
async function expectUnavailable(reads: number, writes: number) {
  const answers = await Promise.all([
    ...Array.from({ length: reads }, () => timed(listTime)),
    ...Array.from({ length: writes }, () => timed(logTime)),
  ]);
  for (const { value, ms } of answers) {
    expect(value.status).toBe(503);
    expect(value.body.error).toMatchObject({ code: 'unavailable', reason: 'postgres', request_id: expect.any(String) });
    expect(value.headers['retry-after']).toBe('5');
    expect(ms).toBeLessThan(BOUND_MS);
  }
  return answers.length;
}

describe('PostgreSQL faults', () => {
  it('a partition answers 503 within the bounds, writes nothing, and service resumes when it heals', async () => {
    await logTime().expect(201);
    proxy.partition();
    expect(await expectUnavailable(4, 4)).toBe(8);
    const ready = await request(app).get('/readyz').expect(503);
    expect(ready.body.checks.postgres).toBe('unavailable');
    await proxy.heal();
    // Nothing written by a request that was answered 503; everything answered 201 is there.
    expect(await entries()).toBe(1);
    await listTime().expect(200);
    await logTime().expect(201);
    expect(await entries()).toBe(2);
  });

  it('a server refusing connections answers 503 (not 500) and service resumes when it is back', async () => {
    proxy.cut();
    await proxy.refuse();
    expect(await expectUnavailable(3, 3)).toBe(6);
    await proxy.heal();
    await listTime().expect(200);
    await logTime().expect(201);
    expect(await entries()).toBe(3);
  });

  it('connections cut mid-flight answer 503 and the next requests succeed', async () => {
    const inFlight = Promise.all([timed(listTime), timed(logTime)]);
    proxy.cut();
    for (const { value, ms } of await inFlight) {
      expect([200, 201, 503]).toContain(value.status);
      expect(ms).toBeLessThan(BOUND_MS);
    }
    const made = (await inFlight).filter((a) => a.value.status === 201).length;
    await listTime().expect(200);
    expect(await entries()).toBe(3 + made);
  });
});
