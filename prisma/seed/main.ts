// Idempotent demo data: `pnpm seed`. Running it twice creates nothing twice.
import { existsSync } from 'node:fs';
import { createPrismaClient } from '@billops/db';
import { hashPassword } from '@billops/domain';

if (existsSync('../.env')) process.loadEnvFile('../.env');
const prisma = createPrismaClient({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/billops' });

const OWNER = { email: 'owner@demo.billops.test', password: 'demo-owner-password', name: 'Demo Owner' };
const MEMBER = { email: 'member@demo.billops.test', password: 'demo-member-password', name: 'Demo Member' };

async function upsertUser(user: typeof OWNER) {
  const existing = await prisma.user.findUnique({ where: { email: user.email } });
  if (existing) return existing;
  return prisma.user.create({ data: { email: user.email, name: user.name, passwordHash: await hashPassword(user.password) } });
}

const owner = await upsertUser(OWNER);
const member = await upsertUser(MEMBER);
let org = await prisma.organization.findFirst({ where: { name: 'Demo Consulting', members: { some: { userId: owner.id, role: 'owner' } } } });
org ??= await prisma.organization.create({ data: { name: 'Demo Consulting' } });
for (const [user, role] of [[owner, 'owner'], [member, 'member']] as const) {
  await prisma.membership.upsert({
    where: { organizationId_userId: { organizationId: org.id, userId: user.id } },
    create: { organizationId: org.id, userId: user.id, role },
    update: {},
  });
}
await prisma.$disconnect();
console.log(`Seeded "${org.name}". Log in with:\n  ${OWNER.email} / ${OWNER.password} (owner)\n  ${MEMBER.email} / ${MEMBER.password} (member)`);
