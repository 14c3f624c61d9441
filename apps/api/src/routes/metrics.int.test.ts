import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '@billops/domain';
import { recordJobOutcome } from '@billops/queue';
import { createTestApp, registerUser, type TestApp } from '../testing/harness.ts';

const ADMIN_TOKEN = 'operator-secret-token-for-tests';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ ADMIN_TOKEN });
});
afterAll(async () => {
  await t.close();
});

describe('GET /metrics', () => {
  it('is for operators only', async () => {
    await request(t.app).get('/metrics').expect(401);
    await request(t.app).get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    await request(t.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
  });

  it('reports queue depths, job outcomes and durations, and sync lag in Prometheus format', async () => {
    await t.deps.queues.enqueue('calendarSyncAll', { full: false });
    await recordJobOutcome(t.deps.queues.redis, t.deps.config.QUEUE_PREFIX, { queue: 'calendar', job: 'calendar:sync', outcome: 'completed', durationMs: 120 });
    await recordJobOutcome(t.deps.queues.redis, t.deps.config.QUEUE_PREFIX, { queue: 'calendar', job: 'calendar:sync', outcome: 'failed', durationMs: 3000 });

    const owner = await registerUser(t.app);
    const account = await t.db.prisma.userOAuthAccount.create({
      data: { userId: owner.userId, provider: 'google', providerAccountId: 'g-1', scopes: [], accessTokenEncrypted: 'v1.x.y.z' },
    });
    const syncedAt = new Date(Date.now() - 2 * 3600_000);
    await t.db.prisma.calendarIntegration.create({
      data: { userId: owner.userId, oauthAccountId: account.id, provider: 'google', providerCalendarId: 'primary', calendarName: 'Work', lastSyncedAt: syncedAt },
    });

    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('billops_queue_jobs{queue="calendar",state="waiting"} 1');
    expect(res.text).toContain('billops_queue_jobs{queue="notifications",state="failed"} 0');
    expect(res.text).toContain('billops_jobs_total{queue="calendar",job="calendar:sync",outcome="completed"} 1');
    expect(res.text).toContain('billops_jobs_total{queue="calendar",job="calendar:sync",outcome="failed"} 1');
    expect(res.text).toContain('billops_job_duration_seconds_bucket{queue="calendar",job="calendar:sync",le="0.25"} 1');
    expect(res.text).toContain('billops_job_duration_seconds_bucket{queue="calendar",job="calendar:sync",le="+Inf"} 2');
    expect(res.text).toContain('billops_job_duration_seconds_sum{queue="calendar",job="calendar:sync"} 3.12');
    const lag = Number(/billops_calendar_sync_lag_seconds ([\d.]+)/.exec(res.text)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(7200);
    expect(lag).toBeLessThan(7300);
    // registerUser made no job; nothing waits for Redis.
    expect(res.text).toContain('billops_outbox_pending_jobs 0');
  });

  it('reports jobs committed in the outbox that Redis has not taken yet', async () => {
    const owner = await registerUser(t.app);
    await t.db.prisma.$executeRaw`INSERT INTO job_outbox (job_key, payload, created_at) VALUES ('notifyInvoiceReady', ${JSON.stringify({ invoiceId: owner.userId })}::jsonb, now() - interval '90 seconds')`;
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(res.text).toContain('billops_outbox_pending_jobs 1');
    const age = Number(/billops_outbox_oldest_pending_seconds ([\d.]+)/.exec(res.text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(200);
  });
});

describe('Bull Board at /admin/queues', () => {
  it('lets in organization owners and the operator credential, nobody else', async () => {
    await request(t.app).get('/admin/queues').expect(401);
    const owner = await registerUser(t.app);
    const page = await request(t.app).get('/admin/queues').set('Authorization', `Bearer ${owner.token}`).expect(200);
    expect(page.text).toContain('<html');
    const basic = Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64');
    await request(t.app).get('/admin/queues').set('Authorization', `Basic ${basic}`).expect(200);

    // A plain member of the same organization is refused.
    const member = await t.db.prisma.user.create({ data: { email: 'plain-member@example.com', name: 'Member', passwordHash: 'x' } });
    await t.db.prisma.membership.create({ data: { organizationId: owner.organizationId, userId: member.id, role: 'member' } });
    const session = await createSession({ prisma: t.db.prisma, now: () => new Date() }, { userId: member.id, organizationId: owner.organizationId, ttlHours: 1 });
    const refused = await request(t.app).get('/admin/queues').set('Authorization', `Bearer ${session.token}`).expect(401);
    expect(refused.body.error.code).toBe('unauthorized');
  });

  it('lists every queue through its API', async () => {
    const owner = await registerUser(t.app);
    const res = await request(t.app).get('/admin/queues/api/queues').set('Authorization', `Bearer ${owner.token}`).expect(200);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['calendar', 'maintenance', 'notifications']);
  });
});
