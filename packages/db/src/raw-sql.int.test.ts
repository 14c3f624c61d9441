import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient } from './client.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';
import { executeStatement, queryRows } from './raw-sql.ts';
import { withAdvisoryLock, withTransaction, type Tx } from './transaction.ts';

// @billops/testing depends on this package, so this file clones the run's template database itself.
const serverUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
const name = `${inject('templateDatabase')}_${randomBytes(4).toString('hex')}`;
const admin = async (sql: string) => {
  const client = new pg.Client({ connectionString: serverUrl.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

let prisma: PrismaClient;
beforeAll(async () => {
  await admin(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDatabase')}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  prisma = createPrismaClient({ databaseUrl: url.toString(), maxConnections: 3 });
});
afterAll(async () => {
  await prisma?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
});

type Sample = {
  at: Date;
  big: string;
  amount: string;
  doc: unknown;
  id: string;
  label: string;
  flag: boolean;
  status: string;
  count: number;
  none: null;
};

/** One column of each kind raw SQL selects, timestamptz at a non-UTC offset with microseconds. */
const sample = Prisma.sql`
  SELECT '2026-03-29 01:30:00.123456+05:30'::timestamptz AS at, 9007199254740993::int8 AS big, 12.50::numeric(10, 2) AS amount,
         '{"a": [1, "two", null], "b": {"c": true}}'::jsonb AS doc, '6f1c3a52-8f0e-4a7b-9c55-0d2b7f6e1a10'::uuid AS id,
         'Zoë'::text AS label, true AS flag, 'running'::"SyncStatus"::text AS status, count(*)::int AS count, NULL AS none
  FROM (VALUES (1), (2)) AS v(n)`;

describe('raw SQL (queryRows, executeStatement)', () => {
  it('decodes every column the same way on the root client and inside a transaction', async () => {
    const root = await queryRows<Sample>(prisma, sample);
    const inTransaction = await withTransaction(prisma, (tx) => queryRows<Sample>(tx, sample));
    const expected: Sample = {
      at: new Date('2026-03-28T20:00:00.123Z'),
      big: '9007199254740993',
      amount: '12.50',
      doc: { a: [1, 'two', null], b: { c: true } },
      id: '6f1c3a52-8f0e-4a7b-9c55-0d2b7f6e1a10',
      label: 'Zoë',
      flag: true,
      status: 'running',
      count: 2,
      none: null,
    };
    expect(root).toStrictEqual([expected]);
    expect(inTransaction).toStrictEqual([expected]);
    expect(inTransaction[0]!.at).toBeInstanceOf(Date);
  });

  it('runs inside the transaction: its writes are seen there, counted, and rolled back with it', async () => {
    const insert = Prisma.sql`INSERT INTO job_outbox (job_key, payload) VALUES ('rawSqlProbe', '{}'::jsonb), ('rawSqlProbe', '{}'::jsonb)`;
    const count = Prisma.sql`SELECT count(*)::int AS n FROM job_outbox WHERE job_key = 'rawSqlProbe'`;
    const seen: number[] = [];
    const failure = new Error('roll back');
    await expect(
      withTransaction(prisma, async (tx) => {
        seen.push(await executeStatement(tx, insert));
        seen.push((await queryRows<{ n: number }>(tx, count))[0]!.n);
        seen.push(await tx.jobOutbox.count({ where: { jobKey: 'rawSqlProbe' } }));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(seen).toEqual([2, 2, 2]);
    expect(await queryRows<{ n: number }>(prisma, count)).toEqual([{ n: 0 }]);
    expect(await executeStatement(prisma, insert)).toBe(2);
    expect(await queryRows<{ n: number }>(prisma, count)).toEqual([{ n: 2 }]);
  });

  it('holds the advisory lock on the transaction it hands out', async () => {
    const locks = await withAdvisoryLock(prisma, 'raw-sql-probe', (tx) =>
      queryRows<{ held: number }>(
        tx,
        Prisma.sql`SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted`,
      ),
    );
    expect(locks).toEqual([{ held: 1 }]);
  });

  it('refuses a transaction that has ended, rather than run outside it', async () => {
    let ended: Tx | undefined;
    await withTransaction(prisma, async (tx) => {
      ended = tx;
    });
    await expect(queryRows(ended!, Prisma.sql`SELECT 1 AS one`)).rejects.toThrow('already ended');

    // Prisma rolls back a transaction past its timeout while its callback still runs.
    let late: unknown;
    const timedOut = withTransaction(
      prisma,
      async (tx) => {
        for (;;) {
          try {
            await tx.jobOutbox.count();
          } catch {
            break;
          }
        }
        late = await executeStatement(tx, Prisma.sql`DELETE FROM job_outbox`).catch((error: unknown) => error);
      },
      { timeoutMs: 50 },
    );
    await expect(timedOut).rejects.toThrow();
    expect(late).toBeInstanceOf(Error);
    expect((late as Error).message).toMatch('already ended');
    expect(await prisma.jobOutbox.count()).toBe(2);
  });
});
