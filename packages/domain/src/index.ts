export * from './context.ts';
export * from './actor.ts';
export * from './auth/index.ts';
export * from './time-entries/index.ts';
