export * from './config.ts';
export * from './errors.ts';
export * from './logger.ts';
export * from './vault.ts';
export * from './crypto.ts';
export * from './time-zone.ts';
export * from './duration.ts';
