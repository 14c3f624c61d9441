// Test infrastructure usable outside vitest (the benchmarks): no vitest import anywhere below.
export * from './database.ts';
export * from './redis.ts';
export * from './env.ts';
export * from './process.ts';
export * from './ports.ts';
export * from './tcp-proxy.ts';
export * from './redis-server.ts';
export * from './eventually.ts';
