export { startWorkers } from './worker.ts';
export { loadWorkerConfig, workerEnvSchema, type WorkerConfig } from './config.ts';
export type { WorkerContext } from './context.ts';
