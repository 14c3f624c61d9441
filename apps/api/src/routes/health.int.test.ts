import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/harness.ts';

describe('health and readiness', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports liveness, readiness and a request id', async () => {
    const health = await request(t.app).get('/healthz').expect(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toMatch(/^[\w-]+$/);
    const ready = await request(t.app).get('/readyz').expect(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });
  });

  it('echoes a caller-supplied request id', async () => {
    const res = await request(t.app).get('/healthz').set('X-Request-Id', 'trace-123').expect(200);
    expect(res.headers['x-request-id']).toBe('trace-123');
  });

  it('logs one line per request: id, method, path without the query string, status, duration', async () => {
    await request(t.app).get('/healthz?code=oauth-code-123&state=s').set('X-Request-Id', 'trace-log-1').expect(200);
    await request(t.app).get('/api/v1/nope').set('X-Request-Id', 'trace-log-2').expect(404);
    const lineOf = (id: string) =>
      t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request completed' && l.requestId === id);
    expect(lineOf('trace-log-1')).toMatchObject([
      { level: 30, req: { method: 'GET', path: '/healthz' }, res: { statusCode: 200 }, responseTime: expect.any(Number) },
    ]);
    expect(lineOf('trace-log-2')).toMatchObject([{ req: { path: '/api/v1/nope' }, res: { statusCode: 404 } }]);
    expect(t.logLines.join('')).not.toContain('oauth-code-123');
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await request(t.app).get('/api/v1/nope').expect(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', request_id: res.headers['x-request-id'] });
  });

  it('serves an OpenAPI 3.1 document built from the route schemas', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    const register = res.body.paths['/api/v1/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });
});

describe('readiness when a dependency is down', () => {
  it('names PostgreSQL when it does not answer', async () => {
    const t = await createTestApp();
    const { createPrismaClient } = await import('@billops/db');
    const dead = createPrismaClient({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none' });
    const { createApp } = await import('../app.ts');
    const app = createApp({ ...t.deps, prisma: dead });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks).toEqual({ postgres: 'unavailable', redis: 'ok' });
    await dead.$disconnect();
    await t.close();
  });

  it('names Redis when it does not answer', async () => {
    const { JobQueues } = await import('@billops/domain');
    const t = await createTestApp();
    const deadQueues = new JobQueues({ redisUrl: 'redis://127.0.0.1:1', prefix: 'dead' });
    deadQueues.redis.on('error', () => undefined);
    const { createApp } = await import('../app.ts');
    const app = createApp({ ...t.deps, queues: deadQueues });
    const res = await request(app).get('/readyz').expect(503);
    expect(res.body.checks).toEqual({ postgres: 'ok', redis: 'unavailable' });
    deadQueues.redis.disconnect();
    await t.close();
  });
});
