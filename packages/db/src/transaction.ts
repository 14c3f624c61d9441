import type { PrismaClient } from './generated/client.ts';
import { type Prisma } from './generated/client.ts';

/** The client handed to code running inside `$transaction`. */
export type Tx = Prisma.TransactionClient;
/** Either the root client or a transaction: functions that write take this so callers can compose. */
export type Db = PrismaClient | Tx;

export function withTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number } = {},
): Promise<T> {
  return prisma.$transaction(fn, {
    isolationLevel: options.isolationLevel,
    timeout: options.timeoutMs ?? 15_000,
    maxWait: 10_000,
  });
}

/**
 * Runs `fn` while holding a PostgreSQL transaction-scoped advisory lock on `key`, so one piece of
 * work (a token refresh, a Slack DM, an invoice number) runs once across every API and worker process.
 */
export async function withAdvisoryLock<T>(prisma: PrismaClient, key: string, fn: (tx: Tx) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  return withTransaction(
    prisma,
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      return fn(tx);
    },
    { timeoutMs },
  );
}
