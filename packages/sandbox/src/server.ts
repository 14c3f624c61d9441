import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import { createGoogleSandbox } from './google/index.ts';
import { createMicrosoftSandbox } from './microsoft/index.ts';
import { createSlackSandbox } from './slack/index.ts';

export type Sandbox = {
  app: Express;
  google: ReturnType<typeof createGoogleSandbox>;
  microsoft: ReturnType<typeof createMicrosoftSandbox>;
  slack: ReturnType<typeof createSlackSandbox>;
  /** The sandbox's own base URL (known once listening). */
  baseUrl: () => string;
  setBaseUrl: (url: string) => void;
};

/**
 * Local fake providers speaking Google's, Microsoft's and Slack's wire formats, each mounted under
 * its own prefix (`/google`, `/microsoft`, `/slack`) with a `_control` API for tests.
 */
export function createSandbox(options: { publicUrl?: string } = {}): Sandbox {
  const app = express();
  let baseUrl = options.publicUrl ?? '';
  const getBaseUrl = () => baseUrl;
  const google = createGoogleSandbox({ baseUrl: getBaseUrl });
  const microsoft = createMicrosoftSandbox({ baseUrl: getBaseUrl });
  const slack = createSlackSandbox({ baseUrl: getBaseUrl });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/google', google.router);
  app.use('/microsoft', microsoft.router);
  app.use('/slack', slack.router);
  return {
    app,
    google,
    microsoft,
    slack,
    baseUrl: getBaseUrl,
    setBaseUrl: (url) => {
      baseUrl = url;
    },
  };
}

export type RunningSandbox = Sandbox & { url: string; close: () => Promise<void> };

/** Listens on 127.0.0.1 (port 0 picks a free one, as tests do) and returns the sandbox with its URL. */
export async function startSandbox(options: { port?: number; host?: string } = {}): Promise<RunningSandbox> {
  const sandbox = createSandbox();
  const server = sandbox.app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  sandbox.setBaseUrl(url);
  return Object.assign(sandbox, {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
