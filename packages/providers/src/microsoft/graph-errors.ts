import { GraphError } from '@microsoft/microsoft-graph-client';
import { ProviderError } from '../shared/provider-error.ts';
import { parseRetryAfter } from '../shared/retry.ts';

/** Graph's codes for a delta token it no longer knows (HTTP 410, occasionally 400). */
const DELTA_EXPIRED_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

/**
 * Maps anything the Graph client throws to a ProviderError the engine acts on:
 * 410 / syncStateNotFound → cursor_expired; 429/503/504 → rate_limited (with Retry-After) or transient;
 * 401 → unauthorized (refresh once, retry); 404 → not_found; 403 (e.g. ErrorAccessDenied on a
 * calendar shared with the user) → permanent, as for Google: a refused call is not a dead grant;
 * other 5xx and network failures → transient; other 4xx → permanent.
 */
export function graphError(error: unknown, what: string): ProviderError {
  if (error instanceof ProviderError) return error;
  if (!(error instanceof GraphError)) {
    return new ProviderError('microsoft', 'transient', `Microsoft Graph ${what}: request failed`, { cause: error });
  }
  const status = error.statusCode > 0 ? error.statusCode : undefined;
  const providerCode = error.code ?? undefined;
  const retryAfterMs = parseRetryAfter(error.headers?.get('retry-after'));
  const message = `Microsoft Graph ${what}: HTTP ${status ?? 'error'}${providerCode ? ` ${providerCode}` : ''}`;
  const options = { providerCode, status, cause: error };
  if (status === undefined) return new ProviderError('microsoft', 'transient', message, options);
  if (status === 410 || (providerCode && DELTA_EXPIRED_CODES.has(providerCode.toLowerCase()))) {
    return new ProviderError('microsoft', 'cursor_expired', message, options);
  }
  if (status === 429 || status === 503 || status === 504) {
    return retryAfterMs !== undefined || status === 429
      ? new ProviderError('microsoft', 'rate_limited', message, { ...options, retryAfterMs })
      : new ProviderError('microsoft', 'transient', message, options);
  }
  if (status === 401) return new ProviderError('microsoft', 'unauthorized', message, options);
  if (status === 404) return new ProviderError('microsoft', 'not_found', message, options);
  if (status >= 500) return new ProviderError('microsoft', 'transient', message, options);
  return new ProviderError('microsoft', 'permanent', message, options);
}
