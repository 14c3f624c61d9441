import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await recordJobOutcome(t.deps.queues.redis, t.deps.config.QUEUE_PREFIX, {
      queue: 'calendar',
      job: 'calendar:sync',
      outcome: 'completed',
      durationMs: 120,
    });
    await recordJobOutcome(t.deps.queues.redis, t.deps.config.QUEUE_PREFIX, {
      queue: 'calendar',
      job: 'calendar:sync',
      outcome: 'failed',
      durationMs: 3000,
    });

    const owner = await registerUser(t.app);
    const account = await t.db.prisma.userOAuthAccount.create({
      data: { userId: owner.userId, provider: 'google', providerAccountId: 'g-1', scopes: [], accessTokenEncrypted: 'v1.x.y.z' },
    });
    const syncedAt = new Date(Date.now() - 2 * 3600_000);
    await t.db.prisma.calendarIntegration.create({
      data: {
        userId: owner.userId,
        oauthAccountId: account.id,
        provider: 'google',
        providerCalendarId: 'primary',
        calendarName: 'Work',
        lastSyncedAt: syncedAt,
      },
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
    await t.db.prisma.jobOutbox.create({
      data: { jobKey: 'notifyInvoiceReady', payload: { invoiceId: owner.userId }, createdAt: new Date(Date.now() - 90_000) },
    });
    const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
    expect(res.text).toContain('billops_outbox_pending_jobs 1');
    const age = Number(/billops_outbox_oldest_pending_seconds ([\d.]+)/.exec(res.text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(200);
  });
});

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('operator areas are closed to every organization role', () => {
  it('refuses an organization owner on Bull Board, its API and /metrics', async () => {
    const owner = await registerUser(t.app);
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/metrics']) {
      const refused = await request(t.app).get(path).set('Authorization', `Bearer ${owner.token}`).expect(401);
      expect(refused.body.error.code).toBe('unauthorized');
    }
    // Nor can an owner pause a queue or add a job.
    await request(t.app).put('/admin/queues/api/queues/calendar/pause').set('Authorization', `Bearer ${owner.token}`).expect(401);
    await request(t.app)
      .post('/admin/queues/api/queues/calendar/add')
      .set('Authorization', `Bearer ${owner.token}`)
      .send({ name: 'x', data: {} })
      .expect(401);
    expect(await t.deps.queues.queues.calendar.isPaused()).toBe(false);
  });

  it('stays closed when no ADMIN_TOKEN is configured', async () => {
    const closed = await createTestApp({ ADMIN_TOKEN: '' });
    try {
      await request(closed.app).get('/admin/queues').set('Authorization', basic('ops', '')).expect(401);
      await request(closed.app).get('/metrics').set('Authorization', 'Bearer ').expect(401);
    } finally {
      await closed.close();
    }
  });

  it('refuses a configured ADMIN_TOKEN shorter than 24 characters', async () => {
    await expect(createTestApp({ ADMIN_TOKEN: 'short' })).rejects.toThrow(/ADMIN_TOKEN/);
  });
});

describe('Bull Board at /admin/queues', () => {
  it('opens with the operator token as the basic-auth password, behind frame-deny and a CSP', async () => {
    const challenge = await request(t.app).get('/admin/queues').expect(401);
    expect(challenge.headers['www-authenticate']).toMatch(/^Basic realm=/);
    await request(t.app).get('/admin/queues').set('Authorization', basic('ops', 'wrong-token-wrong-token-wrong')).expect(401);
    const page = await request(t.app).get('/admin/queues').set('Authorization', basic('ops', ADMIN_TOKEN)).expect(200);
    expect(page.text).toContain('<html');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('lists every queue through its API', async () => {
    const res = await request(t.app).get('/admin/queues/api/queues').set('Authorization', basic('ops', ADMIN_TOKEN)).expect(200);
    const names = (res.body.queues as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(['calendar', 'maintenance', 'notifications']);
  });

  it('is read-only by default: an operator cannot pause a queue or add a job', async () => {
    const paused = await request(t.app)
      .put('/admin/queues/api/queues/calendar/pause')
      .set('Authorization', basic('ops', ADMIN_TOKEN))
      .expect(403);
    expect(paused.body.error.reason).toBe('read_only');
    await request(t.app)
      .post('/admin/queues/api/queues/notifications/add')
      .set('Authorization', basic('ops', ADMIN_TOKEN))
      .send({ name: 'slack:response_url', data: {} })
      .expect(403);
    expect(await t.deps.queues.queues.calendar.isPaused()).toBe(false);
    expect(await t.deps.queues.queues.notifications.count()).toBe(0);
  });

  it('with BULL_BOARD_READ_ONLY=false, logs every write with the operator who made it', async () => {
    const writable = await createTestApp({ ADMIN_TOKEN, BULL_BOARD_READ_ONLY: 'false' });
    try {
      await request(writable.app)
        .put('/admin/queues/api/queues/maintenance/pause')
        .set('Authorization', basic('alice', ADMIN_TOKEN))
        .expect(200);
      expect(await writable.deps.queues.queues.maintenance.isPaused()).toBe(true);
      const line = writable.logLines
        .map((l) => JSON.parse(l) as { msg?: string; operator?: string; method?: string })
        .find((l) => l.msg === 'bull board write');
      expect(line).toMatchObject({ operator: 'alice', method: 'PUT' });
    } finally {
      await writable.close();
    }
  });
});

describe('METRICS_TOKEN', () => {
  it('opens /metrics but not Bull Board', async () => {
    const METRICS_TOKEN = 'scraper-token-for-tests-0123456789';
    const scraped = await createTestApp({ ADMIN_TOKEN, METRICS_TOKEN });
    try {
      await request(scraped.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      await request(scraped.app).get('/admin/queues').set('Authorization', basic('ops', METRICS_TOKEN)).expect(401);
    } finally {
      await scraped.close();
    }
  });
});
