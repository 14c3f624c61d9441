import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scryptSync, randomBytes } from 'node:crypto';
import { hashPassword, needsRehash } from '@billops/domain';
import { signSlackRequest } from '@billops/sandbox';
import { createTestApp, type TestApp } from '../../testing/harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_ATTEMPTS_PER_ACCOUNT: '5', LOGIN_ATTEMPTS_PER_IP: '8', REGISTRATIONS_PER_IP_PER_HOUR: '2', SLACK_SIGNATURE_FAILURES_PER_IP: '3' });
});
afterAll(async () => {
  await t.close();
});

const PASSWORD = 'correct horse battery staple';
let counter = 0;
async function user() {
  counter += 1;
  const email = `throttle${counter}@example.com`;
  await t.db.prisma.user.create({ data: { email, name: 'T', passwordHash: await hashPassword(PASSWORD), memberships: { create: { role: 'owner', organization: { create: { name: 'Org' } } } } } });
  return email;
}
/** The API trusts X-Forwarded-For from loopback, so each test can play its own client address. */
const login = (ip: string, email: string, password: string) => request(t.app).post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });

describe('login throttling', () => {
  it('answers 429 with Retry-After once an account has used up its attempts, even for the right password', async () => {
    const email = await user();
    for (let i = 0; i < 5; i += 1) await login(`203.0.113.${i + 1}`, email, 'wrong password!').expect(401);
    const limited = await login('203.0.113.50', email, PASSWORD).expect(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', reason: 'too_many_attempts' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another account is not affected.
    await login('203.0.113.51', await user(), PASSWORD).expect(200);
  });

  it('limits one address trying many accounts', async () => {
    const emails = await Promise.all([1, 2, 3].map(() => user()));
    for (let i = 0; i < 8; i += 1) await login('198.51.100.7', `${emails[i % 3]}`, `wrong password ${i}`).expect(401);
    const limited = await login('198.51.100.7', emails[0]!, PASSWORD).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await login('198.51.100.8', emails[1]!, PASSWORD).expect(200);
  });

  it('gives a successful login its attempt back', async () => {
    const email = await user();
    for (let i = 0; i < 7; i += 1) await login('192.0.2.10', email, PASSWORD).expect(200);
  });

  it('limits concurrent guesses too', async () => {
    const email = await user();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(`192.0.2.${100 + i}`, email, `wrong ${i}`)));
    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
  });
});

describe('registration throttling', () => {
  it('limits registrations per address', async () => {
    const register = (n: number) =>
      request(t.app).post('/api/v1/auth/register').set('X-Forwarded-For', '198.51.100.99').send({ email: `reg${n}@example.com`, password: PASSWORD, name: 'R' });
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
    const send = () => request(t.app).post('/api/v1/integrations/slack/events').set('X-Forwarded-For', '203.0.113.200').set(forged.headers).send(forged.body);
    for (let i = 0; i < 3; i += 1) await send().expect(401);
    const limited = await send().expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('user enumeration', () => {
  it('spends the same work on an unknown email as on a wrong password', async () => {
    // Same-run comparison, not a time limit: without the dummy verification an unknown email
    // answered in a few milliseconds against a full scrypt for a wrong password (ratio ~0.05).
    const known = [await user(), await user()];
    const elapsed = async (email: string, ip: string) => {
      const started = process.hrtime.bigint();
      await login(ip, email, 'wrong password!').expect(401);
      return Number(process.hrtime.bigint() - started);
    };
    const wrong: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      wrong.push(await elapsed(known[i % 2]!, `100.64.0.${i}`));
      unknown.push(await elapsed(`nobody${i}@example.com`, `100.64.1.${i}`));
    }
    expect(Math.min(...unknown) / Math.min(...wrong)).toBeGreaterThan(0.4);
  });
});

describe('password hashing', () => {
  it('rehashes a password stored with older scrypt parameters at the next login', async () => {
    const salt = randomBytes(16);
    const old = ['scrypt', 2 ** 12, 8, 1, salt.toString('base64url'), scryptSync(PASSWORD, salt, 32, { N: 2 ** 12, r: 8, p: 1 }).toString('base64url')].join('$');
    const email = 'old-hash@example.com';
    await t.db.prisma.user.create({ data: { email, name: 'Old', passwordHash: old, memberships: { create: { role: 'owner', organization: { create: { name: 'Org' } } } } } });
    expect(needsRehash(old)).toBe(true);
    await login('100.64.2.1', email, PASSWORD).expect(200);
    const stored = (await t.db.prisma.user.findUniqueOrThrow({ where: { email } })).passwordHash;
    expect(stored).not.toBe(old);
    expect(needsRehash(stored)).toBe(false);
    await login('100.64.2.1', email, PASSWORD).expect(200);
  });
});
