import type { PrismaClient } from '@billops/db';
import type { PasswordHasher } from '@billops/domain';
import { inBatches, insertInBatches } from './batches.ts';

export const BENCH_PASSWORD = 'bench-user-password';
export const benchEmail = (index: number): string => `bench-${index}@bench.billops.test`;

export type BenchUser = { id: string; email: string };

/**
 * `count` benchmark users, members of the organization. One password hash is shared by all of them
 * (scrypt per user would make 10,000 users take minutes); inserts are batched and skip existing rows.
 */
export async function ensureBenchUsers(
  prisma: PrismaClient,
  passwords: PasswordHasher,
  organizationId: string,
  count: number,
): Promise<BenchUser[]> {
  if (count === 0) return [];
  const emails = Array.from({ length: count }, (_, i) => benchEmail(i + 1));
  const findUsers = async (list: string[]) => {
    const found: BenchUser[] = [];
    for (const batch of inBatches(list))
      found.push(...(await prisma.user.findMany({ where: { email: { in: batch } }, select: { id: true, email: true } })));
    return found;
  };
  const users = await findUsers(emails);
  const known = new Set(users.map((u) => u.email));
  const missing = emails.filter((email) => !known.has(email));
  if (missing.length > 0) {
    const passwordHash = await passwords.hash(BENCH_PASSWORD);
    await insertInBatches(missing, (batch) =>
      prisma.user.createMany({
        data: batch.map((email) => ({ email, name: `Bench user ${email.split('@')[0]}`, passwordHash })),
        skipDuplicates: true,
      }),
    );
    users.push(...(await findUsers(missing)));
  }
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const ordered = emails.map((email) => byEmail.get(email)!);
  await insertInBatches(ordered, (batch) =>
    prisma.membership.createMany({
      data: batch.map((u) => ({ organizationId, userId: u.id, role: 'member' as const })),
      skipDuplicates: true,
    }),
  );
  return ordered;
}

const BULK_START = Date.parse('2026-01-05T08:00:00Z');

/**
 * `count` time entries keyed `seed:bulk:<n>`, round-robin over users and projects: each user's
 * entries follow one another two hours apart from a fixed start, so the data is the same every run.
 */
export async function seedBulkEntries(
  prisma: PrismaClient,
  organizationId: string,
  userIds: string[],
  projects: { id: string; clientId: string | null }[],
  count: number,
): Promise<number> {
  if (count === 0 || userIds.length === 0) return 0;
  let created = 0;
  // Build rows a batch at a time so a million entries never sit in memory at once.
  for (let first = 0; first < count; first += 2_000) {
    const rows = [];
    for (let n = first; n < Math.min(count, first + 2_000); n += 1) {
      const project = projects[n % projects.length];
      const startedAt = new Date(BULK_START + Math.floor(n / userIds.length) * 2 * 3600_000);
      const minutes = 30 + (n % 4) * 15;
      rows.push({
        organizationId,
        userId: userIds[n % userIds.length]!,
        projectId: project?.id ?? null,
        clientId: project?.clientId ?? null,
        description: `Bulk entry ${n + 1}`,
        startedAt,
        endedAt: new Date(startedAt.getTime() + minutes * 60_000),
        durationSeconds: minutes * 60,
        billable: n % 10 !== 0,
        source: 'manual' as const,
        sourceRef: `seed:bulk:${n + 1}`,
      });
    }
    created += (await prisma.timeEntry.createMany({ data: rows, skipDuplicates: true })).count;
  }
  return created;
}
