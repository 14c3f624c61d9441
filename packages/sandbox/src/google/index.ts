import { Router } from 'express';

/** The fake Google: its router (mounted at /google) and in-memory state. Filled in by the Google work. */
export function createGoogleSandbox(_options: { baseUrl: () => string }) {
  const router = Router();
  return { router, state: {} };
}
