import type { RequestHandler } from 'express';
import { logContext, type Logger } from '@billops/core';
import { assignRequestId } from './request-id.ts';

declare module 'http' {
  interface IncomingMessage {
    /** The request id (X-Request-Id), also on every log line written while serving it. */
    id: string;
    log: Logger;
  }
}

/**
 * Gives each request its id and log context, and logs one line when it is done: method, path (never
 * the query string, which can carry OAuth codes and states), status and duration. pino-http did this
 * with a child logger and serializers per request, 15-20% of the API's CPU on a page of time entries;
 * here the line goes through the one logger, whose mixin and redaction apply as everywhere else.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const requestId = assignRequestId(req, res);
    req.id = requestId;
    req.log = logger;
    // 'close' comes after 'finish', and alone when the client went away first.
    res.once('close', () => {
      const line = {
        requestId,
        req: { method: req.method, path: req.originalUrl.split('?')[0] },
        res: { statusCode: res.statusCode },
        responseTime: Math.round(performance.now() - started),
      };
      if (!res.writableFinished) logger.warn(line, 'request aborted');
      else if (res.statusCode >= 500) logger.error(line, 'request completed');
      else logger.info(line, 'request completed');
    });
    logContext.run({ requestId }, next);
  };
}
