import type { Prisma } from './generated/client.ts';
import { connectionOf } from './connections.ts';
import type { Db } from './transaction.ts';

/**
 * Runs raw SQL that returns rows, on the root client or inside a transaction (see this package's
 * README). It goes straight to the pg connection Prisma itself uses, the pool's or the
 * transaction's, skipping the ORM's per-call query compilation and result mapping (about 0.5 ms of
 * CPU per statement here), and every column decodes the same way on both: pg's parsers with
 * parseTimestamptz for timestamptz.
 */
export async function queryRows<T>(db: Db, query: Prisma.Sql): Promise<T[]> {
  const connection = connectionOf(db);
  const result = await connection.query({ name: connection.statementName(query.text), text: query.text, values: query.values });
  return result.rows as T[];
}

/** queryRows' sibling for statements without rows (INSERT/UPDATE/DELETE without RETURNING): the number of rows they touched. */
export async function executeStatement(db: Db, query: Prisma.Sql): Promise<number> {
  const connection = connectionOf(db);
  const result = await connection.query({ name: connection.statementName(query.text), text: query.text, values: query.values });
  return result.rowCount ?? 0;
}
