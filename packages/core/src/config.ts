import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Loads `.env` from the working directory or the repository root (if present) without overriding
 * variables already set, then parses the environment with `schema`. A bad environment throws a
 * ConfigError naming every offending variable at once. This is the only reader of process.env.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = readEnv()): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return result.data;
}

/** For process entry points: a bad environment prints every problem and exits 1 instead of a stack trace. */
export function configOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function readEnv(): NodeJS.ProcessEnv {
  for (const candidate of [resolve(process.cwd(), '.env'), resolve(process.cwd(), '../../.env')]) {
    if (existsSync(candidate)) {
      const loaded = { ...process.env };
      process.loadEnvFile(candidate);
      // loadEnvFile never overrides, but keep explicit env authoritative regardless.
      Object.assign(process.env, loaded);
      break;
    }
  }
  return process.env;
}

/** Reusable zod pieces for env schemas. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  url: () => z.url(),
  /**
   * A connection URL checked the way its client will read it (a malformed one would otherwise only
   * fail at the first query, leaving a process that answers /healthz and fails every request).
   */
  serviceUrl: (protocols: string[], example: string) =>
    z.string().refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '' && /^\d*$/.test(url.port);
      } catch {
        return false;
      }
    }, `must be a valid URL like ${example}`),
  /** A duration in seconds (fractions allowed, so tests can go below one). */
  seconds: (fallback: number) => z.coerce.number().positive().default(fallback),
  optionalString: () =>
    z
      .string()
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
};

/** Settings every process shares: databases, queues, the token vault and logging. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: env.serviceUrl(['postgres:', 'postgresql:'], 'postgresql://user@host:5432/database'),
  REDIS_URL: env.serviceUrl(['redis:', 'rediss:'], 'redis://host:6379').default('redis://127.0.0.1:6379'),
  /** Bounds on every PostgreSQL wait (seconds): opening a connection, a statement on the server, a query seen from here. */
  DATABASE_CONNECT_TIMEOUT_SECONDS: env.seconds(3),
  DATABASE_STATEMENT_TIMEOUT_SECONDS: env.seconds(10),
  DATABASE_QUERY_TIMEOUT_SECONDS: env.seconds(12),
  /** How long a producer waits for Redis to take a job or answer a command before giving up (seconds). */
  REDIS_COMMAND_TIMEOUT_SECONDS: env.seconds(3),
  QUEUE_PREFIX: z.string().min(1).default('billops'),
  TOKEN_ENCRYPTION_KEY: z.string().min(1, 'required: 32 random bytes, base64 (openssl rand -base64 32)'),
  TOKEN_ENCRYPTION_KEY_VERSION: z.coerce.number().int().min(1).default(1),
  /** scrypt cost for new password hashes, as log2(N): OWASP's 17; tests lower it to save CPU. */
  PASSWORD_SCRYPT_LOG2_N: z.coerce.number().int().min(12).max(20).default(17),
  /** Older keys that still decrypt: "1:base64key,2:base64key". */
  TOKEN_ENCRYPTION_PREVIOUS_KEYS: z.string().default(''),
});
export type BaseEnv = z.infer<typeof baseEnvSchema>;
