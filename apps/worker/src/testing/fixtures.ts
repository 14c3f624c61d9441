import { sealedField } from '@billops/db';
import { randomUUID } from 'node:crypto';
import type { TokenVault } from '@billops/core';
import type { OAuthAccountStatus, PrismaClient } from '@billops/db';

/**
 * Inserts `count` users, each with an OAuth account (vault-encrypted placeholder tokens) and one
 * calendar integration. Returns the calendar ids.
 */
export async function insertCalendars(
  prisma: PrismaClient,
  vault: TokenVault,
  options: {
    count: number;
    provider?: 'google' | 'microsoft';
    accountStatus?: OAuthAccountStatus;
    syncEnabled?: boolean;
    providerCalendarId?: string;
  },
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const userId = randomUUID();
    const accountId = randomUUID();
    await prisma.user.create({ data: { id: userId, email: `cal-${userId}@example.com`, name: `Calendar user ${i}`, passwordHash: 'x' } });
    await prisma.userOAuthAccount.create({
      data: {
        id: accountId,
        userId,
        provider: options.provider ?? 'google',
        providerAccountId: `acct-${userId}`,
        scopes: [],
        accessTokenEncrypted: vault.encrypt(`access-${i}`, sealedField.accessToken(accountId)),
        refreshTokenEncrypted: vault.encrypt(`refresh-${i}`, sealedField.refreshToken(accountId)),
        expiresAt: new Date(Date.now() + 3600_000),
        status: options.accountStatus ?? 'active',
      },
    });
    const calendar = await prisma.calendarIntegration.create({
      data: {
        userId,
        oauthAccountId: accountId,
        provider: options.provider ?? 'google',
        providerCalendarId: options.providerCalendarId ?? 'primary',
        calendarName: 'Work',
        syncEnabled: options.syncEnabled ?? true,
      },
    });
    ids.push(calendar.id);
  }
  return ids;
}
