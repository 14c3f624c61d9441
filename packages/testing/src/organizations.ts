import { randomUUID } from 'node:crypto';
import type { TokenVault } from '@billops/core';
import { sealedField, type OAuthAccountStatus, type PrismaClient } from '@billops/db';

// Organization fixtures written straight to the tables, for tests that need the state and not the
// way to it (the API's own tests register and add members through HTTP: apps/api/src/testing).
// Users made here have no usable password.

type Db = { prisma: PrismaClient };
type Role = 'owner' | 'admin' | 'member';

const unique = () => randomUUID().slice(0, 8);

/** A user (no organization). */
export async function insertUser(
  { prisma }: Db,
  input: { email?: string; name?: string; timeZone?: string } = {},
): Promise<{ userId: string; email: string }> {
  const email = input.email ?? `u-${randomUUID()}@example.com`;
  const user = await prisma.user.create({
    data: { email, name: input.name ?? 'Test', passwordHash: 'x', ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
  });
  return { userId: user.id, email };
}

/** A new organization and its owner. */
export async function insertOrganization(
  db: Db,
  input: { name?: string; owner?: { email?: string; name?: string; timeZone?: string } } = {},
): Promise<{ organizationId: string; userId: string; email: string }> {
  const organization = await db.prisma.organization.create({ data: { name: input.name ?? `Org ${unique()}` } });
  const member = await insertMember(db, organization.id, { ...input.owner, role: 'owner' });
  return { organizationId: organization.id, ...member };
}

/** A new user who belongs to `organizationId` with `role` (default member). */
export async function insertMember(
  db: Db,
  organizationId: string,
  input: { role?: Role; email?: string; name?: string; timeZone?: string } = {},
): Promise<{ userId: string; email: string }> {
  const user = await insertUser(db, input);
  await db.prisma.membership.create({ data: { organizationId, userId: user.userId, role: input.role ?? 'member' } });
  return user;
}

/** A client and one project of it. */
export async function insertProject(
  { prisma }: Db,
  organizationId: string,
  input: { name?: string; code?: string; clientName?: string; keywords?: string[]; autoConvert?: boolean } = {},
): Promise<{ projectId: string; clientId: string }> {
  const client = await prisma.client.create({ data: { organizationId, name: input.clientName ?? `Client ${unique()}` } });
  const project = await prisma.project.create({
    data: {
      organizationId,
      clientId: client.id,
      name: input.name ?? `Project ${unique()}`,
      code: input.code ?? `p-${unique()}`,
      ...(input.keywords ? { keywords: input.keywords } : {}),
      ...(input.autoConvert !== undefined ? { autoConvert: input.autoConvert } : {}),
    },
  });
  return { projectId: project.id, clientId: client.id };
}

export type MeetingInput = {
  title: string;
  start: string;
  minutes?: number;
  series?: string;
  attendees?: string[];
  organizer?: string | null;
  isOrganizer?: boolean;
  hiddenReason?: string | null;
  cancelled?: boolean;
  providerEventId?: string;
};

/**
 * A connected Google calendar for a user, with `add` to write synced meetings straight into the
 * tables the sync fills (for tests of what comes after the sync; the sync has its own tests).
 */
export async function insertCalendar(deps: Db & { vault: TokenVault }, userId: string) {
  const accountId = randomUUID();
  await deps.prisma.userOAuthAccount.create({
    data: {
      id: accountId,
      userId,
      provider: 'google',
      providerAccountId: `acct-${accountId}`,
      scopes: [],
      accessTokenEncrypted: deps.vault.encrypt('access', sealedField.accessToken(accountId)),
      expiresAt: new Date(Date.UTC(2030, 0, 1)),
    },
  });
  const calendar = await deps.prisma.calendarIntegration.create({
    data: { userId, oauthAccountId: accountId, provider: 'google', providerCalendarId: 'primary', calendarName: 'Work' },
  });
  const add = async (m: MeetingInput) => {
    const start = new Date(m.start);
    const row = await deps.prisma.syncedCalendarEvent.create({
      data: {
        calendarId: calendar.id,
        userId,
        providerEventId: m.providerEventId ?? `evt-${randomUUID()}`,
        recurringEventId: m.series ?? null,
        eventTitle: m.title,
        eventStart: start,
        eventEnd: new Date(start.getTime() + (m.minutes ?? 60) * 60_000),
        contentHash: randomUUID(),
        attendeeEmails: m.attendees ?? [],
        organizerEmail: m.organizer ?? null,
        isOrganizer: m.isOrganizer ?? false,
        hiddenReason: m.hiddenReason ?? null,
        isCancelled: m.cancelled ?? false,
      },
    });
    return row.id;
  };
  return { calendarId: calendar.id, add };
}

/**
 * `count` users, each with an OAuth account (vault-encrypted placeholder tokens) and one calendar
 * integration. Returns the calendar ids.
 */
export async function insertCalendars(
  deps: Db & { vault: TokenVault },
  options: {
    count: number;
    provider?: 'google' | 'microsoft';
    accountStatus?: OAuthAccountStatus;
    syncEnabled?: boolean;
    providerCalendarId?: string;
  },
): Promise<string[]> {
  const { prisma, vault } = deps;
  const ids: string[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const { userId } = await insertUser(deps, { name: `Calendar user ${i}` });
    const accountId = randomUUID();
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
