import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { createPrismaClient, type PrismaClient } from '@billops/db';

const PRISMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../prisma');

/** The server tests create their databases on (any database on it works as the admin connection). */
export const testServerUrl = (): string => process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string, serverUrl = testServerUrl()): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, serverUrl = testServerUrl()): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and applies the real migrations with `prisma migrate deploy`. */
export async function createMigratedDatabase(name: string): Promise<string> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = databaseUrl(name);
  await promisify(execFile)('pnpm', ['exec', 'prisma', 'migrate', 'deploy'], {
    cwd: PRISMA_DIR,
    env: { ...process.env, DATABASE_URL: url },
  });
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export type TestDatabase = { name: string; url: string; prisma: PrismaClient; drop: () => Promise<void> };

/**
 * A fresh database for one test file, cloned from the migrated template the global setup made.
 * Cloning takes tens of milliseconds, so every file starts from clean, real, migrated state.
 */
export async function createTestDatabase(templateName: string): Promise<TestDatabase> {
  const name = `${templateName}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName}"`));
  const url = databaseUrl(name);
  const prisma = createPrismaClient({ databaseUrl: url, maxConnections: 5 });
  return {
    name,
    url,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await dropDatabase(name);
    },
  };
}

/** Drops every database whose name starts with `prefix` (leftovers of this run). */
export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  await admin(async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
    for (const row of rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  });
}
