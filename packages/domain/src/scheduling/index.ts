export * from './enqueue-calendar-syncs.ts';
export * from './reap-stuck-syncs.ts';
export * from './enqueue-token-refreshes.ts';
export * from './reconcile-deliveries.ts';
export * from './cron.ts';
