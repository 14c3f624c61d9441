import type { Request, RequestHandler, Response } from 'express';
import { AppError, safeEqual } from '@billops/core';
import { authenticate, isAdmin, type AuthenticatedActor, type SessionCache } from '@billops/domain';
import type { PrismaClient } from '@billops/db';

export type { AuthenticatedActor };
type AuthDeps = { prisma: PrismaClient; now: () => Date; sessions: SessionCache };

export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

/** Resolves the bearer token to the acting member and stores it on `res.locals.actor`. */
export function requireAuth(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (!token) throw new AppError('unauthorized', 'Missing bearer token');
    res.locals.actor = await authenticate(deps, token, deps.sessions);
    next();
  };
}

export function actorOf(res: Response): AuthenticatedActor {
  const actor = res.locals.actor as AuthenticatedActor | undefined;
  if (!actor) throw new AppError('unauthorized', 'Not authenticated');
  return actor;
}

/**
 * Admin-only areas (Bull Board): organization owners/admins by bearer session, or the operator's
 * ADMIN_TOKEN as a bearer token or as the password of HTTP basic auth (so a browser can open it).
 */
export function requireAdmin(deps: AuthDeps & { adminToken: string | undefined }): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const presented = basic?.[1] ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').slice(1).join(':') : bearerToken(req);
    if (presented && deps.adminToken && safeEqual(presented, deps.adminToken)) return next();
    const token = bearerToken(req);
    if (token) {
      const actor = await authenticate(deps, token, deps.sessions).catch(() => undefined);
      if (actor && isAdmin(actor)) return next();
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="billops-admin"');
    throw new AppError('unauthorized', 'Admin credentials required');
  };
}
