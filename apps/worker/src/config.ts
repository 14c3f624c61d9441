import { baseEnvSchema, loadConfig } from '@billops/core';
import { providerEnvSchema } from '@billops/providers';
import { z } from 'zod';

const concurrency = (fallback: number) => z.coerce.number().int().min(1).max(256).default(fallback);

export const workerEnvSchema = baseEnvSchema.extend(providerEnvSchema.shape).extend({
  CALENDAR_CONCURRENCY: concurrency(4),
  NOTIFICATIONS_CONCURRENCY: concurrency(8),
  MAINTENANCE_CONCURRENCY: concurrency(1),
  /** How long SIGTERM waits for in-flight jobs before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Register the repeatable schedules at start (tests that drive jobs by hand turn it off). */
  SCHEDULES_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type WorkerConfig = z.infer<typeof workerEnvSchema>;

export const loadWorkerConfig = (source?: NodeJS.ProcessEnv): WorkerConfig => loadConfig(workerEnvSchema, source);
