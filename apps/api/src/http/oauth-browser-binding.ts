import type { Request, Response } from 'express';
import { AppError, safeEqual } from '@billops/core';

const MAX_AGE_MS = 10 * 60 * 1000;
const cookieName = (flow: string) => `billops_oauth_${flow}`;

/**
 * Binds an OAuth flow to the browser that started it: authorize sets an HttpOnly, SameSite=Lax
 * cookie holding the flow's state (scoped to its callback path), and the browser callback accepts
 * the state only from a browser that carries it. A victim who opens an attacker's authorize URL
 * has no such cookie, so their consent cannot land in the attacker's account. (The POST callbacks
 * need the bearer token of the user who started the flow instead.)
 */
export function bindFlowToBrowser(res: Response, options: { flow: string; state: string; callbackPath: string; secure: boolean }): void {
  res.cookie(cookieName(options.flow), options.state, {
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secure,
    path: options.callbackPath,
    maxAge: MAX_AGE_MS,
  });
}

/** Throws 400 `browser_mismatch` unless this browser started the flow with `state`; clears the cookie. */
export function assertSameBrowser(req: Request, res: Response, options: { flow: string; state: string; callbackPath: string }): void {
  const name = cookieName(options.flow);
  const presented = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  res.clearCookie(name, { path: options.callbackPath });
  if (!presented || !safeEqual(decodeURIComponent(presented), options.state)) {
    throw new AppError('bad_request', 'This connection was started in another browser; start it again here', {
      reason: 'browser_mismatch',
    });
  }
}
