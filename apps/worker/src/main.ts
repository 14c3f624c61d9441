import { getPriority, setPriority } from 'node:os';
import { configOrExit, createLogger } from '@billops/core';
import { createPrismaClient } from '@billops/db';
import { createServiceContext } from '@billops/domain';
import { loadWorkerConfig } from './config.ts';
import type { WorkerContext } from './context.ts';
import { registerSchedules } from './schedules.ts';
import { startWorkers } from './worker.ts';

const config = configOrExit(() => loadWorkerConfig());
const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
// Niceness only goes up: a supervisor that started us nicer knows better (and going down needs privileges).
if (config.WORKER_NICENESS > getPriority()) setPriority(config.WORKER_NICENESS);
const prisma = createPrismaClient({ databaseUrl: config.DATABASE_URL });
const ctx: WorkerContext = { ...createServiceContext({ config, prisma, logger }), config };
const { queues } = ctx;

if (config.SCHEDULES_ENABLED) {
  const schedules = await registerSchedules(queues, config);
  logger.info({ schedules: schedules.map((s) => `${s.id} ${s.pattern}`) }, 'schedules registered');
}
const running = await startWorkers(ctx);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: no new jobs, finishing in-flight ones');
  const force = setTimeout(() => {
    logger.error('in-flight jobs did not finish in time; exiting (they will be retried after stall detection)');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
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
