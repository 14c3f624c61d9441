import express, { type Express } from 'express';

/** The local fake providers. Each provider mounts its own router (google/, microsoft/, slack/). */
export function createSandboxApp(): Express {
  const app = express();
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  return app;
}
