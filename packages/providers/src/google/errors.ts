import { ProviderError, type ProviderErrorKind } from '../shared/provider-error.ts';
import { parseRetryAfter } from '../shared/retry.ts';
import { apiErrorBodySchema, oauthErrorBodySchema } from './schemas.ts';

const PROVIDER = 'google';
const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
/** Token endpoint errors that mean the grant (or our client) is no longer usable: the user must reconnect. */
const REVOKED_GRANT_ERRORS = new Set(['invalid_grant']);

// The gaxios error is deliberately not kept as `cause`: its config carries the Authorization
// header and the token request body, and errors end up in logs.
type HttpLikeError = {
  message?: string;
  code?: string | number;
  status?: number;
  response?: { status?: number; data?: unknown; headers?: unknown };
};

function header(headers: unknown, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function kindForStatus(status: number): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'transient';
  if (status === 404) return 'not_found';
  return 'permanent';
}

/**
 * Maps a gaxios error from the Calendar API or userinfo to what the engine acts on. A 401 means
 * the access token was rejected: the caller refreshes once and retries (`unauthorized`).
 */
export function mapGoogleApiError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as HttpLikeError;
  const status = e.response?.status ?? e.status;
  if (!status)
    return new ProviderError(PROVIDER, 'transient', `Google unreachable: ${e.message ?? 'network error'}`, {
      providerCode: String(e.code ?? 'network'),
    });
  const body = apiErrorBodySchema.safeParse(e.response?.data);
  const reason = body.success ? body.data.error.errors?.[0]?.reason : undefined;
  const message = body.success ? (body.data.error.message ?? `HTTP ${status}`) : `HTTP ${status}`;
  const retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  let kind: ProviderErrorKind;
  if (status === 401) kind = 'unauthorized';
  else if (status === 410) kind = 'cursor_expired';
  else if (status === 403 && reason && RATE_LIMIT_REASONS.has(reason)) kind = 'rate_limited';
  else kind = kindForStatus(status);
  return new ProviderError(PROVIDER, kind, `Google API: ${message}`, { status, providerCode: reason, retryAfterMs });
}

/** Maps a token endpoint error: `invalid_grant` means the grant is gone; 5xx and network errors are transient. */
export function mapGoogleTokenError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as HttpLikeError;
  const status = e.response?.status ?? e.status;
  if (!status)
    return new ProviderError(PROVIDER, 'transient', `Google token endpoint unreachable: ${e.message ?? 'network error'}`, {
      providerCode: String(e.code ?? 'network'),
    });
  const body = oauthErrorBodySchema.safeParse(e.response?.data);
  const code = body.success ? body.data.error : undefined;
  const description = body.success ? body.data.error_description : undefined;
  const retryAfterMs = parseRetryAfter(header(e.response?.headers, 'retry-after'));
  const kind: ProviderErrorKind = code && REVOKED_GRANT_ERRORS.has(code) ? 'auth_revoked' : kindForStatus(status);
  return new ProviderError(PROVIDER, kind, `Google token endpoint: ${code ?? `HTTP ${status}`}${description ? ` (${description})` : ''}`, {
    status,
    providerCode: code,
    retryAfterMs,
  });
}
