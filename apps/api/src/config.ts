import { baseEnvSchema, env, loadConfig } from '@billops/core';
import { checkProviderCredentials, providerEnvSchema } from '@billops/providers';
import { z } from 'zod';

export const apiEnvSchema = baseEnvSchema.extend(providerEnvSchema.shape).extend({
  PORT: env.port(8000),
  HOST: z.string().default('0.0.0.0'),
  /** Where this API is reachable from browsers (OAuth redirect URIs are built from it). */
  PUBLIC_URL: z.url().default('http://localhost:8000'),
  /** Where OAuth redirects send the browser back to: the /app page unless a frontend of your own. */
  FRONTEND_URL: z.url().default('http://localhost:8000/app'),
  BODY_LIMIT: z.string().default('1mb'),
  /**
   * Which proxies' X-Forwarded-* headers to believe (Express "trust proxy": loopback, a hop count,
   * or addresses/CIDRs). Client IPs for throttling and HSTS (sent only over TLS) depend on it.
   */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .refine((v) => v !== 'true', 'trusting every proxy lets any client spoof its address: name the proxies (CIDRs) or a hop count')
    .transform((v): string | number | boolean => (v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v)),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 30),
  /**
   * How long an API process trusts a bearer token it has checked without asking PostgreSQL again
   * (logout and membership changes reach every process at once anyway; 0 turns the cache off).
   */
  SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * Platform operators' credential for Bull Board and /metrics (basic-auth password, any user name,
   * or bearer). Unset keeps both closed; no organization role opens them.
   */
  ADMIN_TOKEN: env
    .optionalString()
    .refine((v) => v === undefined || v.length >= 24, 'must be at least 24 characters (openssl rand -base64 32)'),
  /** Optional separate credential that opens only /metrics (for the Prometheus scraper). */
  METRICS_TOKEN: env.optionalString().refine((v) => v === undefined || v.length >= 24, 'must be at least 24 characters'),
  /** Bull Board shows but never changes jobs unless this is false; changes are logged with the operator. */
  BULL_BOARD_READ_ONLY: env.bool(true),
  /**
   * Login throttling (attempts per window, shared through Redis): per account and per client IP;
   * success gives the attempt back. Registration and failed Slack signatures are limited per IP.
   */
  LOGIN_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().positive().default(10),
  LOGIN_ATTEMPTS_PER_IP: z.coerce.number().int().positive().default(100),
  LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60),
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().positive().default(20),
  SLACK_SIGNATURE_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  /** How long POST /sync waits for the job before answering 202. */
  SYNC_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type ApiConfig = z.infer<typeof apiEnvSchema>;

export const loadApiConfig = (source?: NodeJS.ProcessEnv): ApiConfig =>
  loadConfig(apiEnvSchema.superRefine(checkProviderCredentials), source);
