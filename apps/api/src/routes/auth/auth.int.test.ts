import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { createTestApp, registerUser, type TestApp } from '../../testing/harness.ts';
import { addMemberAndLogin, as } from '../../testing/members.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('auth', () => {
  it('registers, logs in, reads /me and logs out', async () => {
    const user = await registerUser(t.app, { email: 'Ada@Example.com', name: 'Ada' });
    const me = await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    expect(me.body).toMatchObject({ user: { email: 'ada@example.com', name: 'Ada' }, role: 'owner', organization_id: user.organizationId });

    const login = await request(t.app).post('/api/v1/auth/login').send({ email: 'ada@example.com', password: user.password }).expect(200);
    expect(login.body.token).toMatch(/^bo_/);
    expect(login.body.token).not.toBe(user.token);

    await request(t.app).post('/api/v1/auth/logout').set('Authorization', `Bearer ${login.body.token}`).expect(204);
    await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${login.body.token}`).expect(401);
    // The other session is untouched.
    await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
  });

  it('stores only a hash of the password and of the session token', async () => {
    const user = await registerUser(t.app);
    const row = await t.db.prisma.user.findUniqueOrThrow({ where: { id: user.userId } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(user.password);
    const sessions = await t.db.prisma.apiSession.findMany({ where: { userId: user.userId } });
    expect(sessions.map((s) => s.tokenHash)).not.toContain(user.token);
    expect(sessions[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('rejects a duplicate email with 409 and bad credentials with 401', async () => {
    const user = await registerUser(t.app);
    const dup = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ email: user.email, password: 'another long password', name: 'X' })
      .expect(409);
    expect(dup.body.error.code).toBe('conflict');
    const bad = await request(t.app).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password!' }).expect(401);
    expect(bad.body.error).toMatchObject({ code: 'unauthorized', message: 'Invalid email or password' });
    await request(t.app).post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'wrong password!' }).expect(401);
  });

  it('validates bodies with field paths and rejects malformed JSON', async () => {
    const res = await request(t.app).post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short' }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password', 'name']));

    const malformed = await request(t.app).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
    expect(malformed.body.error).toMatchObject({ code: 'bad_request', reason: 'invalid_json' });
    expect(malformed.headers['x-request-id']).toBe(malformed.body.error.request_id);
    // Lines written while serving the request carry its id, whichever logger wrote them.
    const rejected = t.logLines.find(
      (line) => line.includes('"msg":"request rejected"') && line.includes(`"requestId":"${malformed.body.error.request_id}"`),
    );
    expect(rejected).toBeDefined();
  });

  it('answers 401 without a token and 413 for an oversized body', async () => {
    const res = await request(t.app).get('/api/v1/me').expect(401);
    expect(res.body.error.code).toBe('unauthorized');
    await request(t.app).get('/api/v1/me').set('Authorization', 'Bearer bo_not-a-real-token').expect(401);
    const big = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) })
      .expect(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('never writes passwords or bearer tokens to a response or a log line', async () => {
    const user = await registerUser(t.app, { password: 'a very secret passphrase' });
    await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`).expect(200);
    const me = await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${user.token}`);
    expect(JSON.stringify(me.body)).not.toContain(user.token);
    const logs = t.logLines.join('\n');
    expect(t.logLines.length).toBeGreaterThan(0);
    expect(logs).not.toContain('a very secret passphrase');
    expect(logs).not.toContain(user.token);
  });
});

describe('two API processes sharing PostgreSQL and Redis (each caches checked tokens)', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await createTestApp(
      { QUEUE_PREFIX: t.deps.config.QUEUE_PREFIX, TOKEN_ENCRYPTION_KEY: t.deps.config.TOKEN_ENCRYPTION_KEY },
      { prisma: t.db.prisma },
    );
  });
  afterAll(async () => {
    await other?.close();
  });

  // The other process hears of a change over Redis, a moment later: `eventually` polls for it.

  it('a logout, a role change and a removal in one process take effect in the other', async () => {
    const owner = await registerUser(t.app);
    const member = await addMemberAndLogin(t.app, owner, 'member');
    const meOn = (app: TestApp) => as(app.app, member).get('/api/v1/me');
    // Both processes have checked (and cached) the member's token.
    expect((await meOn(t).expect(200)).body.role).toBe('member');
    expect((await meOn(other).expect(200)).body.role).toBe('member');

    await as(t.app, owner).patch(`/api/v1/organization/members/${member.userId}`).send({ role: 'admin' }).expect(200);
    expect((await meOn(t).expect(200)).body.role).toBe('admin');
    await eventually(async () => (await meOn(other)).body.role === 'admin');

    await as(t.app, owner).delete(`/api/v1/organization/members/${member.userId}`).expect(204);
    await meOn(t).expect(401);
    await eventually(async () => (await meOn(other)).status === 401);

    const ownerOn = (app: TestApp) => as(app.app, owner).get('/api/v1/me');
    await ownerOn(other).expect(200);
    await as(other.app, owner).post('/api/v1/auth/logout').expect(204);
    await ownerOn(other).expect(401);
    await eventually(async () => (await ownerOn(t)).status === 401);
  });
});
