import { Router } from 'express';
import { controlRouter } from './control.ts';
import { graphRouter } from './graph.ts';
import { identityRouter } from './identity.ts';
import { seedMicrosoftDemoData } from './seed.ts';
import { MicrosoftSandboxState } from './state.ts';

export { MicrosoftSandboxState, type SandboxEvent, type NewSandboxEvent, type SandboxCalendar, type GraphFault } from './state.ts';
export { SANDBOX_MICROSOFT_CLIENT } from './identity.ts';
export { seedMicrosoftDemoData } from './seed.ts';

/**
 * The fake Microsoft mounted at /microsoft: the identity platform v2.0 under
 * `/login/{tenant}/oauth2/v2.0/*`, Graph v1.0 under `/graph/v1.0/*` and a `_control` API for tests
 * and the quick start. Starts with a demo mailbox (seed.ts); tests `reset()` it to an empty one.
 */
export function createMicrosoftSandbox(options: { baseUrl: () => string }) {
  const state = new MicrosoftSandboxState();
  seedMicrosoftDemoData(state);
  const router = Router();
  router.use(identityRouter(state));
  router.use('/graph/v1.0', graphRouter(state, options.baseUrl));
  router.use(controlRouter(state));
  return { router, state };
}
