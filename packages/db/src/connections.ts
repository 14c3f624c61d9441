import { AsyncLocalStorage } from 'node:async_hooks';
import type { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';

/** Gives the pg driver a name to prepare a SQL text under, or none (sent unprepared). */
export type StatementName = (sql: string) => string | undefined;

/**
 * Where queryRows and executeStatement send a statement: the root client's pool, or the one pg
 * connection a transaction runs on. Both come from the same pool, so they decode every column with
 * the same type parsers (fastTypes) and share the statement names.
 */
export type Connection = { query: (config: pg.QueryConfig) => Promise<pg.QueryResult>; statementName: StatementName };

type TransactionConnection = Connection & { open: boolean };
type DriverAdapter = Awaited<ReturnType<PrismaPg['connect']>>;
type DriverTransaction = Awaited<ReturnType<DriverAdapter['startTransaction']>>;

/** The pool behind each root client (createPrismaClient). */
const pools = new WeakMap<object, Connection>();
/** The connection of each transaction client withTransaction handed out. */
const transactions = new WeakMap<object, TransactionConnection>();
/** While withTransaction opens a transaction: where the driver adapter leaves its connection. */
const opening = new AsyncLocalStorage<{ opened?: TransactionConnection }>();

export function registerPool(client: object, pool: pg.Pool, statementName: StatementName): void {
  pools.set(client, { query: (config) => pool.query(config), statementName });
}

/**
 * Notes the pg connection of every transaction the adapter starts, so raw SQL inside it can run
 * on that connection directly rather than through Prisma's `$queryRaw`, which decodes columns its
 * own way (int8 as bigint, numeric as Decimal). The connection counts as closed from the moment
 * Prisma sends COMMIT or ROLLBACK (also when it rolls back a timed-out transaction on its own), so a
 * late statement fails rather than running outside the transaction on a connection back in the pool.
 */
export function trackTransactions(adapter: PrismaPg, statementName: StatementName): void {
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const driver = await connect();
    const startTransaction = driver.startTransaction.bind(driver);
    driver.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      const store = opening.getStore();
      if (store && !store.opened) store.opened = transactionConnection(transaction, statementName);
      return transaction;
    };
    return driver;
  };
}

function transactionConnection(transaction: DriverTransaction, statementName: StatementName): TransactionConnection {
  // @prisma/adapter-pg (7.10.1, pinned) keeps the pool client a transaction runs on as `client`.
  const client = (transaction as unknown as { client?: Partial<pg.PoolClient> }).client;
  if (typeof client?.query !== 'function') throw new Error("@prisma/adapter-pg no longer shows a transaction's connection");
  const query = client.query.bind(client) as (config: pg.QueryConfig) => Promise<pg.QueryResult>;
  const connection: TransactionConnection = { query, statementName, open: true };
  const executeRaw = transaction.executeRaw.bind(transaction);
  transaction.executeRaw = (statement) => {
    if (statement.sql === 'COMMIT' || statement.sql === 'ROLLBACK') connection.open = false;
    return executeRaw(statement);
  };
  for (const end of ['commit', 'rollback'] as const) {
    const original = transaction[end].bind(transaction);
    transaction[end] = () => {
      connection.open = false;
      return original();
    };
  }
  return connection;
}

/**
 * Runs `start` (which must start exactly one Prisma transaction) and hands `fn` the transaction
 * client, known to connectionOf for as long as `fn` runs.
 */
export function trackedTransaction<Tx extends object, T>(start: (fn: (tx: Tx) => Promise<T>) => Promise<T>, fn: (tx: Tx) => Promise<T>) {
  const store: { opened?: TransactionConnection } = {};
  return opening.run(store, () =>
    start(async (tx) => {
      const opened = store.opened;
      if (!opened) return fn(tx);
      transactions.set(tx, opened);
      try {
        return await fn(tx);
      } finally {
        opened.open = false;
      }
    }),
  );
}

/** The connection raw SQL on `db` (a root client or a transaction client) runs on. */
export function connectionOf(db: object): Connection {
  const transaction = transactions.get(db);
  if (transaction) {
    if (!transaction.open) throw new Error('Raw SQL on a transaction that has already ended');
    return transaction;
  }
  const pool = pools.get(db);
  if (pool) return pool;
  throw new Error('Raw SQL needs a client from createPrismaClient or a transaction from withTransaction');
}
