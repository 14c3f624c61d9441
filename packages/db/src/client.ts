import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { BaseEnv } from '@billops/core';
import { Prisma, PrismaClient } from './generated/client.ts';
import { registerPool, trackTransactions, type StatementName } from './connections.ts';
import { fastTypes } from './timestamptz.ts';

/** Distinct statements one process prepares; any beyond run unprepared (see statementNames). */
const MAX_PREPARED_STATEMENTS = 1_000;

const PLAN_PER_CALL_MARK = '/* plan per call */';

/**
 * Starts a statement PostgreSQL must plan for each call's actual parameters. It is sent unnamed
 * (never prepared), because after five runs a prepared statement may switch to a generic plan, and
 * for parameters it cannot see into (arrays of any length) that plan can be far worse: the sync's
 * page writes scanned the whole calendar on every page with one (Outlook full sync 5x slower).
 * Everything else keeps PostgreSQL's default plan caching, which saves planning on every call.
 */
export const PLAN_PER_CALL = Prisma.raw(`${PLAN_PER_CALL_MARK} `);

/**
 * Names each distinct SQL text so the pg driver prepares it once per connection and PostgreSQL
 * parses and analyses it once instead of on every call. The product's statements are a fixed set;
 * the cap only guards against an unforeseen source of ever-new SQL texts. Statements marked
 * PLAN_PER_CALL stay unnamed.
 */
function statementNames(): StatementName {
  const names = new Map<string, string>();
  return (sql) => {
    if (sql.includes(PLAN_PER_CALL_MARK)) return undefined;
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) {
      name = `billops_${names.size}`;
      names.set(sql, name);
    }
    // No name: pg runs it as an unnamed (unprepared) statement.
    return name;
  };
}

/** Every wait on PostgreSQL is bounded (ms). @defaultValue 3 s to connect, 10 s per statement, 12 s per query */
export type DatabaseTimeouts = {
  /** Opening a connection, and waiting for a free one when the pool is full. */
  connectMs: number;
  /** `statement_timeout`: PostgreSQL cancels a statement running longer (the connection stays usable). */
  statementMs: number;
  /** Client-side bound on a query's answer, for when the server cannot say anything (a partition). */
  queryMs: number;
};

const DEFAULT_TIMEOUTS: DatabaseTimeouts = { connectMs: 3_000, statementMs: 10_000, queryMs: 12_000 };

/** The timeouts from the shared configuration (given there in seconds). */
export const databaseTimeouts = (
  config: Pick<BaseEnv, 'DATABASE_CONNECT_TIMEOUT_SECONDS' | 'DATABASE_STATEMENT_TIMEOUT_SECONDS' | 'DATABASE_QUERY_TIMEOUT_SECONDS'>,
): DatabaseTimeouts => ({
  connectMs: Math.round(config.DATABASE_CONNECT_TIMEOUT_SECONDS * 1000),
  statementMs: Math.round(config.DATABASE_STATEMENT_TIMEOUT_SECONDS * 1000),
  queryMs: Math.round(config.DATABASE_QUERY_TIMEOUT_SECONDS * 1000),
});

/**
 * Creates a Prisma client over the pg driver adapter (no Rust engine: see shared toolchain notes).
 * The app owns the instance and disconnects it on shutdown, which also closes its pool.
 */
export function createPrismaClient(options: { databaseUrl: string; maxConnections?: number; timeouts?: DatabaseTimeouts }): PrismaClient {
  const timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
  // fastTypes serve queryRows and executeStatement, on the pool and on transactions' connections
  // alike; Prisma's own queries bring their own parsers.
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 10,
    types: fastTypes,
    // Without these a partition or a server that never answers holds a request for as long as it lasts.
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    query_timeout: timeouts.queryMs,
    // Dead peers (a cut network) are noticed by TCP instead of lingering as idle connections.
    keepAlive: true,
  });
  // An idle connection dropped by the server (a restart, a failover) is discarded by the pool and
  // replaced on the next checkout; queries in flight get their own error. Without a listener the
  // event would crash the process.
  pool.on('error', () => undefined);
  const statementName = statementNames();
  const adapter = new PrismaPg(pool, { statementNameGenerator: ({ sql }) => statementName(sql) as string });
  trackTransactions(adapter, statementName);
  const client = new PrismaClient({ adapter });
  registerPool(client, pool, statementName);
  // The pool is ours: Prisma's own disconnect leaves it open (and does nothing at all when only
  // queryRows has run), so disconnecting the client ends the pool too.
  const disconnectPrisma = client.$disconnect.bind(client);
  client.$disconnect = async () => {
    await disconnectPrisma();
    if (!pool.ended) await pool.end();
  };
  return client;
}
