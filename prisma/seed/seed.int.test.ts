import { sealedField } from '@billops/db';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVault } from '@billops/core';
import { useTestDatabase, type TestDatabase } from '@billops/testing';

const HERE = dirname(fileURLToPath(import.meta.url));
const TSX_LOADER = pathToFileURL(resolve(HERE, '../../node_modules/tsx/dist/loader.mjs')).href;
const KEY = randomBytes(32).toString('base64');

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const seed = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--conditions=@billops/source', '--import', TSX_LOADER, join(HERE, 'main.ts'), ...args], {
    env: { PATH: process.env.PATH, DATABASE_URL: db.url, TOKEN_ENCRYPTION_KEY: KEY, PASSWORD_SCRYPT_LOG2_N: '12' },
  });

const counts = async () => ({
  users: await db.prisma.user.count(),
  memberships: await db.prisma.membership.count(),
  clients: await db.prisma.client.count(),
  projects: await db.prisma.project.count(),
  entries: await db.prisma.timeEntry.count(),
  invoices: await db.prisma.invoice.count(),
  lines: await db.prisma.invoiceLine.count(),
  accounts: await db.prisma.userOAuthAccount.count(),
  calendars: await db.prisma.calendarIntegration.count({ where: { isActive: true, syncEnabled: true } }),
});

describe('pnpm seed', () => {
  // Runs `pnpm seed` twice as processes: on a loaded two-core machine that can take more than the default 30 s.
  it('creates the demo organization and bulk data once, however often it runs', async () => {
    const first = await seed(['--users', '3', '--entries', '40', '--calendars', '5']);
    expect(first.stdout).toContain('owner@demo.billops.test / demo-owner-password (owner)');
    expect(first.stdout).toContain('member@demo.billops.test / demo-member-password (member)');
    const after = await counts();
    // 2 demo users + max(3 users, 5 calendars) bench users; 60 demo entries + 40 bulk.
    expect(after).toMatchObject({
      users: 7,
      memberships: 7,
      clients: 3,
      projects: 4,
      entries: 100,
      invoices: 1,
      accounts: 5,
      calendars: 5,
    });
    expect(after.lines).toBeGreaterThan(0);

    await seed(['--users', '3', '--entries', '40', '--calendars', '5']);
    expect(await counts()).toEqual(after);

    const invoice = await db.prisma.invoice.findFirstOrThrow({ include: { lines: true } });
    expect(invoice).toMatchObject({ number: 'INV-0001', status: 'draft' });
    expect(invoice.totalCents).toBe(invoice.lines.reduce((sum, l) => sum + l.amountCents, 0));
    expect(await db.prisma.project.findFirst({ where: { code: 'acme-web' } })).toMatchObject({ hourlyRateCents: 15_000, currency: 'USD' });
    expect(await db.prisma.timeEntry.count({ where: { sourceRef: { startsWith: 'seed:' } } })).toBe(100);
    // Two seed processes, each starting tsx and hashing passwords at OWASP's scrypt cost: allow a busy machine.
  }, 120_000);

  it('stores the OAuth tokens only as vault ciphertext bound to each row', async () => {
    const vault = TokenVault.fromConfig({ TOKEN_ENCRYPTION_KEY: KEY, TOKEN_ENCRYPTION_KEY_VERSION: 1, TOKEN_ENCRYPTION_PREVIOUS_KEYS: '' });
    const accounts = await db.prisma.userOAuthAccount.findMany();
    for (const account of accounts) {
      expect(account.accessTokenEncrypted).toMatch(/^f2\.v1\./);
      expect(vault.decrypt(account.accessTokenEncrypted, sealedField.accessToken(account.id))).toBe(`seed-access-${account.userId}`);
      expect(vault.decrypt(account.refreshTokenEncrypted!, sealedField.refreshToken(account.id))).toBe(`seed-refresh-${account.userId}`);
    }
    expect(accounts).toHaveLength(5);
  });

  it('rejects a bad flag with a message naming it', async () => {
    const failure = await seed(['--entries', 'lots']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('entries');
  });
});
