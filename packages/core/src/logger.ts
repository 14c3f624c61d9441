import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * The request or job a piece of work belongs to. The API enters it per request and the worker per job,
 * so every log line written meanwhile, from any module and any logger, carries the request id or the
 * job's id and name.
 */
export type LogContext = { requestId: string } | { jobId: string; job: string };
export const logContext = new AsyncLocalStorage<LogContext>();

export type { Logger };

/** Paths whose values must never reach a log line: credentials, tokens, codes and secrets. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
  'headers.authorization',
  'authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'bot_token',
  '*.bot_token',
  'botToken',
  '*.botToken',
  // OAuth authorization codes, where they travel: never a bare `code`, which is every error's code.
  'query.code',
  'body.code',
  'req.query.code',
  'req.body.code',
  'code_verifier',
  '*.code_verifier',
  'client_secret',
  '*.client_secret',
  'secret',
  '*.secret',
];

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: options.name ? { service: options.name } : {},
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => logContext.getStore() ?? {},
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}
