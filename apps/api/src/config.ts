import { baseEnvSchema, env, loadConfig } from '@billops/core';
import { providerEnvSchema } from '@billops/providers';
import { z } from 'zod';

export const apiEnvSchema = baseEnvSchema.extend(providerEnvSchema.shape).extend({
  PORT: env.port(8000),
  HOST: z.string().default('0.0.0.0'),
  /** Where this API is reachable from browsers (OAuth redirect URIs are built from it). */
  PUBLIC_URL: z.url().default('http://localhost:8000'),
  /** Where OAuth redirects send the browser back to: the /app page unless a frontend of your own. */
  FRONTEND_URL: z.url().default('http://localhost:8000/app'),
  BODY_LIMIT: z.string().default('1mb'),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(24 * 30),
  /**
   * How long an API process trusts a bearer token it has checked without asking PostgreSQL again
   * (logout and membership changes reach every process at once anyway; 0 turns the cache off).
   */
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(10_000),
  /** Optional operator credential for Bull Board and other admin routes (bearer or basic password). */
  ADMIN_TOKEN: env.optionalString(),
  /** How long POST /sync waits for the job before answering 202. */
  SYNC_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export const loadApiConfig = (source?: NodeJS.ProcessEnv): ApiConfig => loadConfig(apiEnvSchema, source);
