export * from './catalog.ts';
export * from './queues.ts';
export * from './metrics.ts';
export * from './rate-limiter.ts';
export type { Job, QueueEvents } from 'bullmq';
