import type { PrismaClient, User } from '@billops/db';
import { AppError } from '@billops/core';
import { createInvoice, type PasswordHasher } from '@billops/domain';
import { insertInBatches } from './batches.ts';

export const ORGANIZATION_NAME = 'Demo Consulting';
export const OWNER = { email: 'owner@demo.billops.test', password: 'demo-owner-password', name: 'Demo Owner' };
export const MEMBER = { email: 'member@demo.billops.test', password: 'demo-member-password', name: 'Demo Member' };

/** With the suggestion rules the review inbox uses (the sandbox calendars invite people @acme.test). */
const CLIENTS = [
  { name: 'Acme Corp', email: 'billing@acme.test', currency: 'USD', emailDomains: ['acme.test'] },
  { name: 'Globex', email: 'ap@globex.test', currency: 'EUR', emailDomains: ['globex.test'] },
  { name: 'Initech', email: null, currency: 'USD', emailDomains: [] },
] as const;

const PROJECTS = [
  { code: 'acme-web', name: 'Acme website', client: 'Acme Corp', hourlyRateCents: 15_000, keywords: ['website', 'design review'] },
  { code: 'acme-support', name: 'Acme support', client: 'Acme Corp', hourlyRateCents: 9_500, keywords: ['support'] },
  { code: 'globex-audit', name: 'Globex security audit', client: 'Globex', hourlyRateCents: 12_000, keywords: ['audit'] },
  { code: 'initech-migration', name: 'Initech data migration', client: 'Initech', hourlyRateCents: 11_000, keywords: ['migration'] },
] as const;

/** Demo time is three fixed working weeks, so every run (and every machine) produces the same data. */
export const DEMO_WEEKS_START = new Date('2026-11-02T00:00:00Z');
const DEMO_WEEKS = 3;
const DESCRIPTIONS = ['Planning', 'Implementation', 'Code review', 'Client call', 'Testing', 'Documentation'];

export type DemoOrganization = { organizationId: string; owner: User; member: User; projectIds: string[] };

async function ensureUser(prisma: PrismaClient, passwords: PasswordHasher, user: typeof OWNER): Promise<User> {
  const existing = await prisma.user.findUnique({ where: { email: user.email } });
  if (existing) return existing;
  return prisma.user.create({ data: { email: user.email, name: user.name, passwordHash: await passwords.hash(user.password) } });
}

/** The demo organization with its owner and member (found again by name and owner on later runs). */
export async function seedOrganization(prisma: PrismaClient, passwords: PasswordHasher): Promise<Omit<DemoOrganization, 'projectIds'>> {
  const owner = await ensureUser(prisma, passwords, OWNER);
  const member = await ensureUser(prisma, passwords, MEMBER);
  const org =
    (await prisma.organization.findFirst({ where: { name: ORGANIZATION_NAME, members: { some: { userId: owner.id, role: 'owner' } } } })) ??
    (await prisma.organization.create({ data: { name: ORGANIZATION_NAME } }));
  for (const [user, role] of [
    [owner, 'owner'],
    [member, 'member'],
  ] as const) {
    await prisma.membership.upsert({
      where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
      create: { organizationId: org.id, userId: user.id, role },
      update: {},
    });
  }
  return { organizationId: org.id, owner, member };
}

/** Clients (found by name) and projects (upserted by their per-organization code). */
export async function seedClientsAndProjects(
  prisma: PrismaClient,
  organizationId: string,
): Promise<{ clientIds: Map<string, string>; projectIds: string[] }> {
  const clientIds = new Map<string, string>();
  for (const client of CLIENTS) {
    const existing = await prisma.client.findFirst({ where: { organizationId, name: client.name } });
    const row = existing ?? (await prisma.client.create({ data: { organizationId, ...client, emailDomains: [...client.emailDomains] } }));
    clientIds.set(client.name, row.id);
  }
  const projectIds: string[] = [];
  for (const project of PROJECTS) {
    const client = CLIENTS.find((c) => c.name === project.client)!;
    const row = await prisma.project.upsert({
      where: { organizationId_code: { organizationId, code: project.code } },
      create: {
        organizationId,
        clientId: clientIds.get(project.client)!,
        code: project.code,
        name: project.name,
        hourlyRateCents: project.hourlyRateCents,
        currency: client.currency,
        keywords: [...project.keywords],
      },
      update: {},
    });
    projectIds.push(row.id);
  }
  return { clientIds, projectIds };
}

/** Two entries per working day for each demo user, keyed `seed:<n>` so a second run skips them. */
export async function seedDemoEntries(prisma: PrismaClient, demo: DemoOrganization): Promise<number> {
  const projects = await prisma.project.findMany({ where: { id: { in: demo.projectIds } }, select: { id: true, clientId: true } });
  const rows = [];
  let n = 0;
  for (let day = 0; day < DEMO_WEEKS * 7; day += 1) {
    if (day % 7 >= 5) continue; // weekends off
    for (const [u, user] of [demo.owner, demo.member].entries()) {
      for (const slot of [0, 1]) {
        n += 1;
        const project = projects[(day + u + slot) % projects.length]!;
        const startedAt = new Date(DEMO_WEEKS_START.getTime() + (day * 24 + 8 + slot * 5 + u) * 3600_000);
        const minutes = 45 + ((n * 37) % 8) * 15; // 45 min … 2 h 30, varied but fixed
        rows.push({
          organizationId: demo.organizationId,
          userId: user.id,
          projectId: project.id,
          clientId: project.clientId,
          description: DESCRIPTIONS[n % DESCRIPTIONS.length]!,
          startedAt,
          endedAt: new Date(startedAt.getTime() + minutes * 60_000),
          durationSeconds: minutes * 60,
          billable: n % 9 !== 0,
          source: 'manual' as const,
          sourceRef: `seed:${n}`,
        });
      }
    }
  }
  return insertInBatches(rows, (batch) => prisma.timeEntry.createMany({ data: batch, skipDuplicates: true }));
}

/** One draft invoice: Acme's first demo week. */
export async function seedDraftInvoice(prisma: PrismaClient, demo: DemoOrganization, acmeClientId: string): Promise<string | null> {
  const actor = { userId: demo.owner.id, organizationId: demo.organizationId, role: 'owner' as const };
  // Once made (whatever became of it since), the demo invoice is never made again.
  const existing = await prisma.invoice.findFirst({
    where: { organizationId: demo.organizationId, clientId: acmeClientId, periodStart: DEMO_WEEKS_START },
  });
  if (existing) return null;
  try {
    const invoice = await createInvoice({ prisma }, actor, {
      clientId: acmeClientId,
      from: DEMO_WEEKS_START,
      to: new Date(DEMO_WEEKS_START.getTime() + 7 * 24 * 3600_000),
    });
    return invoice.number;
  } catch (error) {
    if (error instanceof AppError && error.reason === 'nothing_to_bill') return null;
    throw error;
  }
}
