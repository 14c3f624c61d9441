import { Router } from 'express';

/** The fake Slack: its router (mounted at /slack) and in-memory state. Filled in by the Slack work. */
export function createSlackSandbox(_options: { baseUrl: () => string }) {
  const router = Router();
  return { router, state: {} };
}
