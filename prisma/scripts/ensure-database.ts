// Creates the database named in DATABASE_URL when it does not exist yet, so `migrate deploy` can run
// on a fresh PostgreSQL (the CLI's wasm engine does not create databases).
import { existsSync } from 'node:fs';
import pg from 'pg';

if (existsSync('../.env')) process.loadEnvFile('../.env');
const target = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/billops');
const name = decodeURIComponent(target.pathname.slice(1));
const adminUrl = new URL(target);
adminUrl.pathname = '/postgres';

const client = new pg.Client({ connectionString: adminUrl.toString() });
await client.connect();
try {
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (rowCount === 0) {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    console.log(`created database ${name}`);
  }
} finally {
  await client.end();
}
