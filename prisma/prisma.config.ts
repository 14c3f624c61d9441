import { existsSync } from 'node:fs';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// With a config file the CLI loads no .env itself; the repository root's .env is the one source.
if (existsSync('../.env')) process.loadEnvFile('../.env');

// The Prisma CLI runs its bundled WebAssembly schema engine through the pg driver adapter, so no
// engine binary has to be downloaded. `generate` only needs a well-formed URL.
const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/billops';
process.env.DATABASE_URL ??= DEFAULT_DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL });
  },
});
