export * from './config.ts';
export * from './shared/provider-error.ts';
export * from './shared/retry.ts';
export * from './calendar/types.ts';
export * from './registry.ts';
export * from './microsoft/index.ts';
export * from './slack/index.ts';
export * from './calendar/paced-provider.ts';
