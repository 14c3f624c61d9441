export * from './record-job.ts';
export * from './relay.ts';
