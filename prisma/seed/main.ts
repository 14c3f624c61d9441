// Idempotent demo data: `pnpm seed [--users N] [--entries N] [--calendars N]`. Running it twice creates nothing twice.
import { ConfigError, TokenVault } from '@billops/core';
import { createPrismaClient, executeStatement, Prisma } from '@billops/db';
import { PasswordHasher } from '@billops/domain';
import { BENCH_PASSWORD, ensureBenchUsers, seedBulkEntries } from './bulk.ts';
import { seedCalendars } from './calendars.ts';
import { MEMBER, ORGANIZATION_NAME, OWNER, seedClientsAndProjects, seedDemoEntries, seedDraftInvoice, seedOrganization } from './demo.ts';
import { loadSeedEnv, parseSeedOptions } from './options.ts';

function settingsOrExit() {
  try {
    const options = parseSeedOptions(process.argv.slice(2));
    const env = loadSeedEnv();
    if (options.calendars > 0 && !env.TOKEN_ENCRYPTION_KEY) {
      throw new ConfigError(['TOKEN_ENCRYPTION_KEY: required to encrypt the OAuth tokens of --calendars (set it or keep it in .env)']);
    }
    return { options, env };
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

const { options, env } = settingsOrExit();
const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL });
try {
  const passwords = new PasswordHasher(env.PASSWORD_SCRYPT_LOG2_N);
  const org = await seedOrganization(prisma, passwords);
  const { clientIds, projectIds } = await seedClientsAndProjects(prisma, org.organizationId);
  const demo = { ...org, projectIds };
  const demoEntries = await seedDemoEntries(prisma, demo);
  const invoice = await seedDraftInvoice(prisma, demo, clientIds.get('Acme Corp')!);

  const benchUsers = await ensureBenchUsers(prisma, passwords, org.organizationId, Math.max(options.users, options.calendars));
  const projects = await prisma.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, clientId: true } });
  const entryOwners = options.users > 0 ? benchUsers.slice(0, options.users).map((u) => u.id) : [org.owner.id, org.member.id];
  const bulkEntries = await seedBulkEntries(prisma, org.organizationId, entryOwners, projects, options.entries);
  const calendars =
    options.calendars > 0
      ? await seedCalendars(
          prisma,
          TokenVault.fromConfig({ ...env, TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY! }),
          benchUsers.slice(0, options.calendars),
          new Date(),
        )
      : { accounts: 0, calendars: 0 };
  // Fresh statistics after bulk loads, so the planner picks the right indexes before autovacuum would.
  if (options.entries > 0 || options.calendars > 0 || options.users > 0) await executeStatement(prisma, Prisma.sql`ANALYZE`);

  console.log(
    [
      `Seeded "${ORGANIZATION_NAME}" (created now: ${demoEntries} demo entries${invoice ? `, draft invoice ${invoice}` : ''}` +
        `${benchUsers.length ? `; bench users in place: ${benchUsers.length} (password ${BENCH_PASSWORD})` : ''}` +
        `${options.entries ? `, ${bulkEntries} bulk entries` : ''}` +
        `${options.calendars ? `, ${calendars.accounts} Google accounts, ${calendars.calendars} calendars` : ''}).`,
      'Log in with:',
      `  ${OWNER.email} / ${OWNER.password} (owner)`,
      `  ${MEMBER.email} / ${MEMBER.password} (member)`,
    ].join('\n'),
  );
} finally {
  await prisma.$disconnect();
}
