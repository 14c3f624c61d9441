import { getPriority, setPriority } from 'node:os';
import { configOrExit, createLogger } from '@billops/core';
import { createPrismaClient, databaseTimeouts } from '@billops/db';
import { createServiceContext } from '@billops/domain';
import { waitForRedis } from '@billops/queue';
import { loadWorkerConfig } from './config.ts';
import type { WorkerContext } from './context.ts';
import { keepSchedules, registerSchedules } from './schedules.ts';
import { startWorkers } from './worker.ts';

const config = configOrExit(() => loadWorkerConfig());
const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
// Niceness only goes up: a supervisor that started us nicer knows better (and going down needs privileges).
if (config.WORKER_NICENESS > getPriority()) setPriority(config.WORKER_NICENESS);
const prisma = createPrismaClient({ databaseUrl: config.DATABASE_URL, timeouts: databaseTimeouts(config) });
const ctx: WorkerContext = { ...createServiceContext({ config, prisma, logger }), config };
const { queues } = ctx;

// Every Redis connection error is logged (the workers' own connections log as "worker error"); one
// that lasts through the start-up window stops the process, so a supervisor sees it fail.
queues.redis.on('error', (error) => logger.error({ err: error }, 'redis connection error'));
await waitForRedis(queues.redis, config.REDIS_STARTUP_TIMEOUT_SECONDS * 1000).catch((error: unknown) => {
  logger.fatal({ err: error, redis: redactedUrl(config.REDIS_URL) }, 'Redis unreachable at start; exiting');
  process.exit(1);
});

let schedules: { close: () => void } | undefined;
if (config.SCHEDULES_ENABLED) {
  const registered = await registerSchedules(queues, config);
  logger.info({ schedules: registered.map((s) => `${s.id} ${s.pattern}`) }, 'schedules registered');
  schedules = keepSchedules(queues, config, logger);
}
const running = await startWorkers(ctx);

/** The URL without its credentials, for logs. */
function redactedUrl(value: string): string {
  const url = new URL(value);
  url.username = '';
  url.password = '';
  return url.toString();
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new jobs, finishing in-flight ones');
  const force = setTimeout(() => {
    logger.error('in-flight jobs did not finish in time; exiting (they will be retried after stall detection)');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  schedules?.close();
  await running.close();
  await queues.close();
  await prisma.$disconnect();
  clearTimeout(force);
  logger.info('stopped');
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
// Announce readiness only once the signal handlers exist: a supervisor that stops us right after
// "worker started" must get a graceful shutdown, not the default SIGTERM death.
logger.info({ queues: running.workers.map((w) => w.name), prefix: config.QUEUE_PREFIX }, 'worker started');
