import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '@billops/core';
import { z } from 'zod';

const count = z.coerce.number().int().min(0).max(1_000_000).default(0);

const argsSchema = z.object({
  /** Extra benchmark users (members of the demo organization, all with the same password). */
  users: count,
  /** Extra time entries spread over the benchmark users (or the demo users without --users). */
  entries: count,
  /** Google OAuth accounts plus one active, sync-enabled calendar each, for as many benchmark users. */
  calendars: count,
});
export type SeedOptions = z.infer<typeof argsSchema>;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/billops'),
  TOKEN_ENCRYPTION_KEY: z.string().optional(),
  TOKEN_ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).default(1),
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: z.string().default(''),
  /** scrypt cost of the seeded users' passwords (log2 N): OWASP's 17, as the API uses. */
  PASSWORD_SCRYPT_LOG2_N: z.coerce.number().int().min(12).max(20).default(17),
});
export type SeedEnv = z.infer<typeof envSchema>;

/** `--users N --entries N --calendars N`; a bad or unknown flag stops the seed with a clear message. */
export function parseSeedOptions(argv: string[]): SeedOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: { users: { type: 'string' }, entries: { type: 'string' }, calendars: { type: 'string' } },
    strict: true,
  });
  return loadConfig(argsSchema, values as NodeJS.ProcessEnv);
}

/** The seed's environment: explicit variables first, then the repository's `.env` (never overriding). */
export function loadSeedEnv(): SeedEnv {
  const dotEnv = resolve(dirname(fileURLToPath(import.meta.url)), '../../.env');
  if (existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  return loadConfig(envSchema, process.env);
}
