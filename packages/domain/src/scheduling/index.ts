export * from './enqueue-calendar-syncs.ts';
export * from './reap-stuck-syncs.ts';
