export * from './create-time-entry.ts';
