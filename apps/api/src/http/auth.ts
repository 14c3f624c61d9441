import type { Request, RequestHandler, Response } from 'express';
import { AppError } from '@billops/core';
import { authenticate, type AuthenticatedActor, type SessionCache } from '@billops/domain';
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
