export { createApp } from './app.ts';
export { buildDeps } from './bootstrap.ts';
export { apiEnvSchema, loadApiConfig, type ApiConfig } from './config.ts';
export type { AppDeps } from './context.ts';
