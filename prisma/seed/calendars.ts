import { sealedField } from '@billops/db';
import { randomUUID } from 'node:crypto';
import type { TokenVault } from '@billops/core';
import type { PrismaClient } from '@billops/db';
import { inBatches, insertInBatches } from './batches.ts';
import type { BenchUser } from './bulk.ts';

const SCOPES = ['openid', 'email', 'https://www.googleapis.com/auth/calendar.readonly'];

/**
 * One Google OAuth account (tokens vault-encrypted, bound to the row id) and one active,
 * sync-enabled primary calendar per user. Existing accounts and calendars are kept as they are.
 */
export async function seedCalendars(
  prisma: PrismaClient,
  vault: TokenVault,
  users: BenchUser[],
  now: Date,
): Promise<{ accounts: number; calendars: number }> {
  const userIds = users.map((u) => u.id);
  const withAccount = new Set<string>();
  for (const batch of inBatches(userIds)) {
    const rows = await prisma.userOAuthAccount.findMany({ where: { userId: { in: batch }, provider: 'google' }, select: { userId: true } });
    for (const row of rows) withAccount.add(row.userId);
  }
  const missing = users.filter((u) => !withAccount.has(u.id));
  const accounts = await insertInBatches(missing, (batch) =>
    prisma.userOAuthAccount.createMany({
      data: batch.map((user) => {
        // The id is chosen here because the vault binds each ciphertext to its row id.
        const id = randomUUID();
        return {
          id,
          userId: user.id,
          provider: 'google' as const,
          providerAccountId: `seed-google-${user.id}`,
          providerEmail: user.email,
          scopes: SCOPES,
          accessTokenEncrypted: vault.encrypt(`seed-access-${user.id}`, sealedField.accessToken(id)),
          refreshTokenEncrypted: vault.encrypt(`seed-refresh-${user.id}`, sealedField.refreshToken(id)),
          expiresAt: new Date(now.getTime() + 3600_000),
        };
      }),
      skipDuplicates: true,
    }),
  );

  const accountRows: { id: string; userId: string }[] = [];
  for (const batch of inBatches(userIds)) {
    accountRows.push(
      ...(await prisma.userOAuthAccount.findMany({
        where: { userId: { in: batch }, provider: 'google' },
        select: { id: true, userId: true },
      })),
    );
  }
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const calendars = await insertInBatches(accountRows, (batch) =>
    prisma.calendarIntegration.createMany({
      data: batch.map((account) => ({
        userId: account.userId,
        oauthAccountId: account.id,
        provider: 'google' as const,
        providerCalendarId: emailOf.get(account.userId)!,
        calendarName: emailOf.get(account.userId)!,
        isActive: true,
        syncEnabled: true,
      })),
      skipDuplicates: true,
    }),
  );
  return { accounts, calendars };
}
