import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptSync, randomBytes } from 'node:crypto';
import { PasswordHasher } from '@billops/domain';
import { signSlackRequest } from '@billops/sandbox';
import { createTestApp, type TestApp } from '../../testing/harness.ts';

let t: TestApp;
/** One hash for every user here: each scrypt at OWASP parameters costs about a second on a busy box. */
let passwordHash: string;
beforeAll(async () => {
  t = await createTestApp({
    LOGIN_ATTEMPTS_PER_ACCOUNT: '3',
    LOGIN_ATTEMPTS_PER_IP: '5',
    REGISTRATIONS_PER_IP_PER_HOUR: '2',
    SLACK_SIGNATURE_FAILURES_PER_IP: '3',
    // A real scrypt cost, so the enumeration check compares password work and not request overhead.
    PASSWORD_SCRYPT_LOG2_N: '15',
  });
  passwordHash = await t.deps.passwords.hash(PASSWORD);
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'correct horse battery staple';
let counter = 0;
async function user() {
  counter += 1;
  const email = `throttle${counter}@example.com`;
  await t.db.prisma.user.create({
    data: { email, name: 'T', passwordHash, memberships: { create: { role: 'owner', organization: { create: { name: 'Org' } } } } },
  });
  return email;
}
/** The API trusts X-Forwarded-For from loopback, so each test can play its own client address. */
const login = (ip: string, email: string, password: string) =>
  request(t.app).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

describe('login throttling', () => {
  it('answers 429 with Retry-After once an account has used up its attempts, even for the right password', async () => {
    const email = await user();
    for (let i = 0; i < 3; i += 1) await login(`203.0.113.${i + 1}`, email, 'wrong password!').expect(401);
    const limited = await login('203.0.113.50', email, PASSWORD).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', reason: 'too_many_attempts' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    await login('203.0.113.51', await user(), PASSWORD).expect(200);
  });

  it('limits one address trying many accounts', async () => {
    const emails = await Promise.all([1, 2, 3].map(() => user()));
    for (let i = 0; i < 5; i += 1) await login('198.51.100.7', `${emails[i % 3]}`, `wrong password ${i}`).expect(401);
    const limited = await login('198.51.100.7', emails[0]!, PASSWORD).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await login('198.51.100.8', emails[1]!, PASSWORD).expect(200);
  });

  it('gives a successful login its attempt back', async () => {
    const email = await user();
    for (let i = 0; i < 6; i += 1) await login('192.0.2.10', email, PASSWORD).expect(200);
  });

  it('limits concurrent guesses too', async () => {
    const email = await user();
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => login(`192.0.2.${100 + i}`, email, `wrong ${i}`)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
  });
});

describe('registration throttling', () => {
  it('limits registrations per address', async () => {
    const register = (n: number) =>
      request(t.app)
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', '198.51.100.99')
        .send({ email: `reg${n}@example.com`, password: PASSWORD, name: 'R' });
    await register(1).expect(201);
    await register(2).expect(201);
    const limited = await register(3).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await t.db.prisma.user.count({ where: { email: 'reg3@example.com' } })).toBe(0);
  });
});

describe('Slack webhook signature failures', () => {
  it('answers 429 to an address that keeps sending bad signatures', async () => {
    const forged = signSlackRequest('not-the-signing-secret', JSON.stringify({ type: 'url_verification', challenge: 'x' }), 'json');
    const send = () =>
      request(t.app)
        .post('/api/v1/integrations/slack/events')
        .set('X-Forwarded-For', '203.0.113.200')
        .set(forged.headers)
        .send(forged.body);
    for (let i = 0; i < 3; i += 1) await send().expect(401);
    const limited = await send().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('user enumeration', () => {
  it('spends the same work on an unknown email as on a wrong password', async () => {
    // Same-run comparison, not a time limit: without the dummy verification an unknown email
    // answered in a few milliseconds against a full scrypt for a wrong password (ratio ~0.05).
    const known = [await user(), await user(), await user(), await user()];
    const elapsed = async (email: string, ip: string) => {
      const started = process.hrtime.bigint();
      await login(ip, email, 'wrong password!').expect(401);
      return Number(process.hrtime.bigint() - started);
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      wrong.push(await elapsed(known[i]!, `100.64.0.${i}`));
      unknown.push(await elapsed(`nobody${i}@example.com`, `100.64.1.${i}`));
    }
    expect(Math.min(...unknown) / Math.min(...wrong)).toBeGreaterThan(0.4);
  });
});

describe('password hashing', () => {
  it('rehashes a password stored with older scrypt parameters at the next login', async () => {
    const salt = randomBytes(16);
    const old = [
      'scrypt',
      2 ** 10,
      8,
      1,
      salt.toString('base64url'),
      scryptSync(PASSWORD, salt, 32, { N: 2 ** 10, r: 8, p: 1 }).toString('base64url'),
    ].join('$');
    const email = 'old-hash@example.com';
    await t.db.prisma.user.create({
      data: {
        email,
        name: 'Old',
        passwordHash: old,
        memberships: { create: { role: 'owner', organization: { create: { name: 'Org' } } } },
      },
    });
    const hasher = t.deps.passwords;
    expect(hasher.needsRehash(old)).toBe(true);
    await login('100.64.2.1', email, PASSWORD).expect(200);
    const stored = (await t.db.prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash;
    expect(stored).not.toBe(old);
    expect(hasher.needsRehash(stored)).toBe(false);
    await login('100.64.2.1', email, PASSWORD).expect(200);
  });
});

describe('password policy', () => {
  it('refuses common and easily guessed passwords at registration and when an admin creates an account', async () => {
    for (const [i, password] of ['password123', '1234567890', 'qwertyuiop', 'iloveyou12', 'letmein2024'].entries()) {
      const res = await request(t.app)
        .post('/api/v1/auth/register')
        .set('X-Forwarded-For', `100.64.4.${i}`)
        .send({ email: `weak-${password}@example.com`, password, name: 'Weak' })
        .expect(400);
      expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: 'password', reason: 'weak_password' }] });
    }
    expect(await t.db.prisma.user.count({ where: { email: { startsWith: 'weak-' } } })).toBe(0);
    // Nor one made of the user's own email.
    await request(t.app)
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', '100.64.3.2')
      .send({ email: 'johnsmith2024@example.com', password: 'johnsmith2024', name: 'John Smith' })
      .expect(400);

    const admin = await request(t.app)
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', '100.64.3.3')
      .send({ email: 'policy-admin@example.com', password: PASSWORD, name: 'Admin' })
      .expect(201);
    const added = await request(t.app)
      .post('/api/v1/organization/members')
      .set('Authorization', `Bearer ${admin.body.token}`)
      .send({ email: 'weak-member@example.com', name: 'M', password: 'Password1!' })
      .expect(400);
    expect(added.body.error.details).toMatchObject([{ path: 'password' }]);
  });

  it('hashes new passwords with scrypt at OWASP parameters (N=2^17, r=8, p=1) unless configured otherwise', async () => {
    const stored = await new PasswordHasher().hash(PASSWORD);
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    // The default of the configuration is OWASP's too; the tests here run with a lower cost.
    const { baseEnvSchema } = await import('@billops/core');
    expect(baseEnvSchema.shape.PASSWORD_SCRYPT_LOG2_N.parse(undefined)).toBe(17);
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .set('X-Forwarded-For', '100.64.3.4')
      .send({ email: 'owasp@example.com', password: PASSWORD, name: 'O' })
      .expect(201);
    const registered = (await t.db.prisma.user.findUniqueOrThrow({ where: { id: res.body.user.id } })).passwordHash;
    expect(registered).toMatch(new RegExp(`^scrypt\\$${2 ** t.deps.config.PASSWORD_SCRYPT_LOG2_N}\\$8\\$1\\$`));
  });
});
