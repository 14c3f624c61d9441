export * from './create-time-entry.ts';
export * from './create-manual-time-entry.ts';
export * from './access.ts';
export * from './cursor.ts';
export * from './list-time-entries.ts';
export * from './update-time-entry.ts';
export * from './delete-time-entry.ts';
export * from './place-on-day.ts';
