import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

/** Distinct statements one process prepares; any beyond run unprepared (see statementNames). */
const MAX_PREPARED_STATEMENTS = 1_000;

/**
 * Names each distinct SQL text so the pg driver prepares it once per connection and PostgreSQL
 * parses and analyses it once instead of on every call. The product's statements are a fixed set;
 * the cap only guards against an unforeseen source of ever-new SQL texts.
 */
function statementNames(): (query: { sql: string }) => string {
  const names = new Map<string, string>();
  return ({ sql }) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) {
      name = `billops_${names.size}`;
      names.set(sql, name);
    }
    // No name: pg runs it as an unnamed (unprepared) statement.
    return name as string;
  };
}

/**
 * Creates a Prisma client over the pg driver adapter (no Rust engine: see shared toolchain notes).
 * The app owns the instance and disconnects it on shutdown.
 */
export function createPrismaClient(options: { databaseUrl: string; maxConnections?: number }): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      // Prepared statements still get a plan for their actual parameters: after five runs PostgreSQL
      // would otherwise try a generic plan, and for the sync's page writes (arrays of unknown
      // length) that plan scans the calendar's rows on every page (Outlook full sync 5x slower).
      options: '-c plan_cache_mode=force_custom_plan',
    },
    { statementNameGenerator: statementNames() },
  );
  return new PrismaClient({ adapter });
}
