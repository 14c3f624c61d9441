import { trackedTransaction } from './connections.ts';
import type { PrismaClient } from './generated/client.ts';
import { Prisma } from './generated/client.ts';
import { queryRows } from './raw-sql.ts';

/** The client handed to code running inside withTransaction. */
export type Tx = Prisma.TransactionClient;
/** Either the root client or a transaction: functions that write take this so callers can compose. */
export type Db = PrismaClient | Tx;

/**
 * Runs `fn` in one PostgreSQL transaction (Prisma's interactive transaction). The only way to open
 * one: queryRows and executeStatement on `tx` run on the transaction's own connection, which only
 * transactions opened here make known to them.
 */
export function withTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number } = {},
): Promise<T> {
  return trackedTransaction<Tx, T>(
    (inTransaction) =>
      prisma.$transaction(inTransaction, {
        isolationLevel: options.isolationLevel,
        timeout: options.timeoutMs ?? 15_000,
        maxWait: 10_000,
      }),
    fn,
  );
}

/**
 * Runs `fn` while holding a PostgreSQL transaction-scoped advisory lock on `key`, so one piece of
 * work (a token refresh, a Slack DM, an invoice number) runs once across every API and worker process.
 */
export async function withAdvisoryLock<T>(prisma: PrismaClient, key: string, fn: (tx: Tx) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  return withTransaction(
    prisma,
    async (tx) => {
      await queryRows(tx, Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
      return fn(tx);
    },
    { timeoutMs },
  );
}
