import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase, type TestDatabase } from '@billops/testing';
import { createPrismaClient, PLAN_PER_CALL } from './client.ts';
import { queryRows } from './raw-sql.ts';
import { Prisma } from './generated/client.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await useTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('plain-SQL statements', () => {
  it('are prepared once per connection, except statements marked to be planned per call', async () => {
    const single = createPrismaClient({ databaseUrl: db.url, maxConnections: 1 });
    try {
      await queryRows(single, Prisma.sql`SELECT ${1}::int AS prepared_probe`);
      await queryRows(single, Prisma.sql`SELECT ${2}::int AS prepared_probe`);
      await queryRows(single, Prisma.sql`${PLAN_PER_CALL}SELECT ${1}::int AS per_call_probe`);
      const prepared = await queryRows<{ statement: string }>(single, Prisma.sql`SELECT statement FROM pg_prepared_statements`);
      const statements = prepared.map((p) => p.statement);
      expect(statements.filter((s) => s.includes('prepared_probe'))).toHaveLength(1);
      expect(statements.filter((s) => s.includes('per_call_probe'))).toEqual([]);
    } finally {
      await single.$disconnect();
    }
  });
});
