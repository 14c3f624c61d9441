import { configOrExit } from '@billops/core';
import { createApp } from './app.ts';
import { buildDeps } from './bootstrap.ts';
import { loadApiConfig } from './config.ts';
import { listen } from './http/listen.ts';

const config = configOrExit(() => loadApiConfig());
const deps = buildDeps(config);
const app = createApp(deps);
const server = listen(app, config.PORT, config.HOST, () => {
  deps.logger.info({ port: config.PORT }, `API listening on http://${config.HOST}:${config.PORT}`);
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  deps.logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
  const force = setTimeout(() => {
    deps.logger.error('shutdown timed out; exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS).unref();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // close() ends idle connections only; one busy now stays open after its response (keep-alive),
  // so keep closing connections as they go idle until the last one has.
  const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  await closed;
  clearInterval(closeIdle);
  await deps.close();
  clearTimeout(force);
  deps.logger.info('stopped');
  process.exit(0);
}

process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
