import { ErrorCode, type WebAPICallError } from '@slack/web-api';
import { ProviderError, type ProviderErrorKind } from '../shared/provider-error.ts';

// Slack answers HTTP 200 `{"ok":false,"error":"..."}`; these codes mean the token or install is gone.
const AUTH_REVOKED = new Set([
  'invalid_auth',
  'token_revoked',
  'account_inactive',
  'not_authed',
  'token_expired',
  'no_permission',
  'missing_scope',
  'team_access_not_granted',
  'ekm_access_denied',
  'app_uninstalled',
]);
const NOT_FOUND = new Set(['users_not_found', 'user_not_found', 'channel_not_found', 'user_disabled']);
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export function kindForSlackError(code: string): ProviderErrorKind {
  if (AUTH_REVOKED.has(code)) return 'auth_revoked';
  if (NOT_FOUND.has(code)) return 'not_found';
  if (code === 'ratelimited') return 'rate_limited';
  if (TRANSIENT.has(code)) return 'transient';
  return 'permanent';
}

/** Maps anything @slack/web-api throws to a ProviderError the engine can act on. */
export function toSlackProviderError(error: unknown, method: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const slack = error as Partial<WebAPICallError> & { code?: string };
  switch (slack.code) {
    case ErrorCode.RateLimitedError: {
      const retryAfter = (error as { retryAfter?: number }).retryAfter ?? 1;
      return new ProviderError('slack', 'rate_limited', `${method}: rate limited, retry after ${retryAfter}s`, {
        status: 429,
        retryAfterMs: retryAfter * 1000,
        providerCode: 'ratelimited',
        cause: error,
      });
    }
    case ErrorCode.PlatformError: {
      const code = (error as { data?: { error?: string } }).data?.error ?? 'unknown_error';
      return new ProviderError('slack', kindForSlackError(code), `${method}: ${code}`, { providerCode: code, status: 200, cause: error });
    }
    case ErrorCode.HTTPError: {
      const status = (error as { statusCode?: number }).statusCode ?? 0;
      return new ProviderError('slack', status >= 500 ? 'transient' : 'permanent', `${method}: HTTP ${status}`, { status, cause: error });
    }
    case ErrorCode.RequestError:
      return new ProviderError('slack', 'transient', `${method}: request failed`, { cause: error });
    default:
      return new ProviderError('slack', 'transient', `${method}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
  }
}
