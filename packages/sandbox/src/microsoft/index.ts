import { Router } from 'express';

/** The fake Microsoft: its router (mounted at /microsoft) and in-memory state. Filled in by the Microsoft work. */
export function createMicrosoftSandbox(_options: { baseUrl: () => string }) {
  const router = Router();
  return { router, state: {} };
}
