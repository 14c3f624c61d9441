export * from './database.ts';
export * from './redis.ts';
export * from './env.ts';
export * from './fixture.ts';
export * from './process.ts';
