import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { calendarRoutes } from './calendar.ts';
import { controlRoutes } from './control.ts';
import { apiErrors, sendOAuthError } from './errors.ts';
import { oauthRoutes } from './oauth.ts';
import { seedDemoData } from './seed.ts';
import { GoogleSandboxState } from './store.ts';

export { GoogleSandboxState, SANDBOX_GOOGLE_CLIENT, DEFAULT_USER_EMAIL } from './store.ts';

/** Names the endpoints the way counters and faults refer to them. */
function endpointOf(path: string): string | undefined {
  if (path.startsWith('/o/oauth2/v2/auth')) return 'authorize';
  if (path === '/token') return 'token';
  if (path === '/revoke') return 'revoke';
  if (path === '/v1/userinfo') return 'userinfo';
  if (path.startsWith('/calendar/v3/users/me/calendarList')) return 'calendarList';
  if (/^\/calendar\/v3\/calendars\/[^/]+\/events$/.test(path)) return 'events.list';
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fake Google (mounted at /google): OAuth consent (auto-approving), token/revoke/userinfo, the
 * Calendar API's calendarList and events.list, and a `_control` API. Starts with a demo account
 * (see seed.ts); tests add their own calendars.
 */
export function createGoogleSandbox(_options: { baseUrl: () => string }) {
  const state = new GoogleSandboxState();
  seedDemoData(state);
  const router = Router();
  router.use(express.json(), express.urlencoded({ extended: false }));
  router.use('/_control', controlRoutes(state));

  // Counts every provider request and applies injected faults before the real handler runs.
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const endpoint = endpointOf(req.path);
    if (!endpoint) return next();
    state.countRequest(endpoint);
    const fault = state.takeFault(endpoint, req.path);
    if (!fault) return next();
    if (fault.delayMs) await sleep(fault.delayMs);
    if (!fault.status) return next();
    if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
    const oauthEndpoint = endpoint === 'token' || endpoint === 'revoke';
    if (fault.status === 429 || fault.status === 403) {
      if (oauthEndpoint) return sendOAuthError(res, fault.status, 'rate_limit_exceeded', 'Rate Limit Exceeded');
      return apiErrors.rateLimited(res, fault.status);
    }
    if (oauthEndpoint) return sendOAuthError(res, fault.status, 'internal_failure', 'Backend Error');
    apiErrors.backendError(res, fault.status);
  });
  router.use(oauthRoutes(state));
  router.use(calendarRoutes(state));
  return { router, state };
}
