import type { Request, RequestHandler, Response } from 'express';
import { AppError, safeEqual } from '@billops/core';
import { bearerToken } from './auth.ts';

/** The credential presented for an operator area: basic auth (`name:token`) or a bearer token. */
function presentedCredential(req: Request): { operator: string; token: string } | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { operator: decoded.slice(0, colon) || 'operator', token: decoded.slice(colon + 1) };
  }
  const token = bearerToken(req);
  return token ? { operator: 'bearer', token } : undefined;
}

/**
 * Platform-operator areas (Bull Board, /metrics): they show every organization's work, so no tenant
 * role opens them, only one of the operator tokens from the environment (compared in constant
 * time). With no token configured the area stays closed. The basic-auth user name is recorded as
 * the operator on `res.locals.operator` for the audit log.
 */
export function requireOperator(tokens: (string | undefined)[], realm: string): RequestHandler {
  const accepted = tokens.filter((t): t is string => Boolean(t));
  return (req, res, next) => {
    const presented = presentedCredential(req);
    // Compare against every token (no early exit), so timing does not tell which one matched.
    const matches = presented ? accepted.map((token) => safeEqual(presented.token, token)) : [];
    if (presented && matches.includes(true)) {
      res.locals.operator = presented.operator;
      return next();
    }
    res.setHeader('WWW-Authenticate', `Basic realm="${realm}", charset="UTF-8"`);
    throw new AppError('unauthorized', 'Operator credentials required');
  };
}

export const operatorOf = (res: Response): string => String(res.locals.operator ?? 'unknown');
