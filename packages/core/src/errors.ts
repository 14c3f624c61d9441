/** The one error type the product throws on purpose; the API maps `code` to an HTTP status in one place. */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'rate_limited',
  'provider_error',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetail = { path?: string; message: string; [key: string]: unknown };

export class AppError extends Error {
  readonly code: ErrorCode;
  /** A narrower, machine-readable reason inside `code` (e.g. `invalid_state`, `all_day_event`). */
  readonly reason: string | undefined;
  readonly details: ErrorDetail[] | undefined;

  constructor(code: ErrorCode, message: string, options: { reason?: string; details?: ErrorDetail[]; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.reason = options.reason;
    this.details = options.details;
  }

  static notFound(what: string): AppError {
    return new AppError('not_found', `${what} not found`);
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;
