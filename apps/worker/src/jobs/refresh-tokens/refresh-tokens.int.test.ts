import { createCipheriv, randomBytes } from 'node:crypto';
import { type QueueEvents, type Job } from 'bullmq';
import { sealedField } from '@billops/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVault } from '@billops/core';
import { getAccessToken, refreshTokensHandler } from '@billops/domain';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { createTestWorkerContext, type TestWorkerContext } from '../../testing/harness.ts';
import { startWorkers, type RunningWorkers } from '../../worker.ts';
import { insertOrganization } from '@billops/testing';
import { connectGoogle, googleControl } from '@billops/testing/domain';

let sandbox: RunningSandbox;
let t: TestWorkerContext;
let workers: RunningWorkers;
let events: QueueEvents;

beforeAll(async () => {
  sandbox = await startSandbox();
  t = await createTestWorkerContext({ SANDBOX_URL: sandbox.url, TOKEN_REFRESH_CRON: '0 */12 * * *' });
  workers = await startWorkers(t.ctx);
  events = t.ctx.queues.events('calendar');
  await events.waitUntilReady();
});
afterAll(async () => {
  await events?.close();
  await workers?.close();
  await t?.close();
  await sandbox?.close();
});

async function connectedAccount(email: string) {
  const user = await insertOrganization(t.ctx);
  const { account } = await connectGoogle(t.ctx, user, email);
  return account.id;
}

describe('calendar:refresh_tokens', () => {
  it('refreshes exactly the accounts that expire before the next run; a revoked grant fails once, unretried', async () => {
    const control = googleControl(sandbox.url);
    const expiringSoon = await connectedAccount('soon@example.com');
    const longLived = await connectedAccount('later@example.com');
    const revoked = await connectedAccount('revoked@example.com');
    // Beyond the next 12-hourly run: left alone.
    await t.db.prisma.userOAuthAccount.update({ where: { id: longLived }, data: { expiresAt: new Date(Date.now() + 2 * 24 * 3600_000) } });
    await control('POST', '/grants/revoke', { email: 'revoked@example.com' });
    await control('POST', '/counters/reset');
    const before = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: expiringSoon } });
    const longLivedBefore = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: longLived } });

    const fanOut = await refreshTokensHandler(t.ctx, {}, {} as Job);
    expect(fanOut).toEqual({ accounts: 2 });
    const jobs = (await t.ctx.queues.queues.calendar.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
      (j) => j.name === 'calendar:refresh_account_token',
    );
    expect(jobs.map((j) => j.data.oauthAccountId).sort()).toEqual([expiringSoon, revoked].sort());

    const outcomes = await Promise.allSettled(jobs.map((job) => job.waitUntilFinished(events, 20_000)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);

    const refreshed = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: expiringSoon } });
    expect(refreshed.lastRefreshedAt).not.toBeNull();
    expect(refreshed.accessTokenEncrypted).not.toBe(before.accessTokenEncrypted);
    const untouched = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: longLived } });
    expect(untouched.accessTokenEncrypted).toBe(longLivedBefore.accessTokenEncrypted);
    expect(untouched.lastRefreshedAt).toEqual(longLivedBefore.lastRefreshedAt);

    const gone = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: revoked } });
    expect(gone.status).toBe('needs_reauth');
    const failedJob = await t.ctx.queues.queues.calendar.getJob(jobs.find((j) => j.data.oauthAccountId === revoked)!.id!);
    expect(await failedJob!.getState()).toBe('failed');
    expect(failedJob!.attemptsMade).toBe(1);

    const counters = await control<{ tokenRefreshes: number }>('GET', '/counters');
    // One successful refresh plus one rejected attempt for the revoked grant; the long-lived account made none.
    expect(counters.tokenRefreshes).toBe(2);

    const again = await refreshTokensHandler(t.ctx, {}, {} as Job);
    expect(again).toEqual({ accounts: 1 });
    const jobsAfter = (await t.ctx.queues.queues.calendar.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
      (j) => j.name === 'calendar:refresh_account_token',
    );
    // Same slot: the per-slot job id means the refreshed account is not queued a second time.
    expect(jobsAfter).toHaveLength(2);
  });

  it('moves a refresh token sealed with a retired key to the current key on the next refresh', async () => {
    const accountId = await connectedAccount('rotating@example.com');
    const before = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(before.refreshTokenEncrypted).toMatch(/^f2\.v1\./);
    const rotated = TokenVault.fromConfig({
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TOKEN_ENCRYPTION_KEY_VERSION: 2,
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `1:${t.ctx.config.TOKEN_ENCRYPTION_KEY}`,
    });
    await getAccessToken({ ...t.ctx, vault: rotated }, accountId, { force: true });
    const after = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.refreshTokenEncrypted).toMatch(/^f2\.v2\./);
    expect(after.accessTokenEncrypted).toMatch(/^f2\.v2\./);
    // Same grant, readable with the new key alone.
    expect(rotated.decrypt(after.refreshTokenEncrypted!, sealedField.refreshToken(accountId))).toBe(
      t.ctx.vault.decrypt(before.refreshTokenEncrypted!, sealedField.refreshToken(accountId)),
    );
  });

  it('rewrites tokens sealed in the row-only format 1 to the table:column:row binding on the next refresh', async () => {
    const accountId = await connectedAccount('format-one@example.com');
    // Format 1 as the vault used to write it: `v<key>.<iv>.<tag>.<ct>`, the row id as associated data.
    const formatOne = (plaintext: string) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(t.ctx.config.TOKEN_ENCRYPTION_KEY, 'base64'), iv);
      cipher.setAAD(Buffer.from(accountId));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${[iv, cipher.getAuthTag(), ct].map((b) => b.toString('base64url')).join('.')}`;
    };
    const current = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: accountId } });
    const refreshToken = t.ctx.vault.decrypt(current.refreshTokenEncrypted!, sealedField.refreshToken(accountId));
    await t.db.prisma.userOAuthAccount.update({
      where: { id: accountId },
      data: { accessTokenEncrypted: formatOne('old-access'), refreshTokenEncrypted: formatOne(refreshToken) },
    });

    await getAccessToken(t.ctx, accountId, { force: true });
    const after = await t.db.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(after.refreshTokenEncrypted).toMatch(/^f2\.v1\./);
    expect(after.accessTokenEncrypted).toMatch(/^f2\.v1\./);
    expect(t.ctx.vault.decrypt(after.refreshTokenEncrypted!, sealedField.refreshToken(accountId))).toBe(refreshToken);
    // Bound to its column now: the refresh token does not pass for the access token.
    expect(() => t.ctx.vault.decrypt(after.refreshTokenEncrypted!, sealedField.accessToken(accountId))).toThrow();
  });
});
