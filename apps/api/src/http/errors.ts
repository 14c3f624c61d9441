import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, type ErrorCode } from '@billops/core';
import { isDatabaseUnavailable } from '@billops/db';
import { providerErrorToAppError } from '@billops/domain';
import { isProviderError } from '@billops/providers';
import { isRedisUnavailable } from '@billops/queue';
import { z } from 'zod';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  provider_error: 502,
  unavailable: 503,
};

export const statusForCode = (code: ErrorCode): number => STATUS_BY_CODE[code];

/** Seconds a client should wait before retrying after a 503 (a dependency away): long enough for a restart or failover. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Maps any thrown value to an AppError; anything unknown becomes an `internal` error. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isProviderError(error)) return providerErrorToAppError(error);
  if (error instanceof z.ZodError) {
    return new AppError('validation_failed', 'Request validation failed', {
      details: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  // body-parser errors carry a `type` and an HTTP status.
  const bodyError = error as { type?: string; status?: number };
  if (bodyError?.type === 'entity.parse.failed') return new AppError('bad_request', 'Malformed JSON body', { reason: 'invalid_json' });
  if (bodyError?.type === 'entity.too.large') return new AppError('payload_too_large', 'Request body too large');
  if (bodyError?.type === 'encoding.unsupported' || bodyError?.type === 'charset.unsupported') {
    return new AppError('bad_request', 'Unsupported body encoding');
  }
  if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new AppError('bad_request', 'Bad request');
  }
  // A dependency that is away (refused, cut, partitioned, timed out) is a 503, not a bug.
  if (isDatabaseUnavailable(error))
    return new AppError('unavailable', 'The database is unavailable; try again shortly', { reason: 'postgres', cause: error });
  if (isRedisUnavailable(error))
    return new AppError('unavailable', 'The job queue is unavailable; try again shortly', { reason: 'redis', cause: error });
  return new AppError('internal', 'Internal server error', { cause: error });
}

/** The one place errors become HTTP responses: `{"error":{"code","message","details","request_id"}}`. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const appError = toAppError(error);
  const status = statusForCode(appError.code);
  if (appError.code === 'unavailable') req.log.warn({ reason: appError.reason, err: error }, 'dependency unavailable');
  else if (status >= 500) req.log.error({ err: error }, 'request failed');
  else req.log.info({ code: appError.code, reason: appError.reason }, 'request rejected');
  const requestId = String(res.getHeader('x-request-id') ?? '');
  if (appError.code === 'unavailable' && !res.getHeader('retry-after'))
    res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  res.status(status).json({
    error: {
      code: appError.code,
      ...(appError.reason ? { reason: appError.reason } : {}),
      // Never leak internals: unexpected errors show only the request id to quote to support.
      message: status >= 500 && appError.code === 'internal' ? `Internal server error (request ${requestId})` : appError.message,
      ...(appError.details ? { details: appError.details } : {}),
      request_id: requestId,
    },
  });
};

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `Route ${req.method} ${req.path} not found`));
};
