/**
 * What went wrong talking to a provider, in terms the engine acts on:
 * - `auth_revoked`: the grant is gone (invalid_grant, revoked consent) → account needs re-auth.
 * - `unauthorized`: an API call's access token was rejected (401) → refresh the token once and retry;
 *   only a failing refresh means the account needs re-auth.
 * - `cursor_expired`: the sync token / delta link is no longer valid (Google 410, Graph 410) → full sync.
 * - `rate_limited`: retry after `retryAfterMs` (429, Google 403 rateLimitExceeded, Graph 503/504 with Retry-After).
 * - `transient`: network errors and 5xx → retry later, never mark the account broken.
 * - `not_found`: the calendar (or resource) does not exist any more.
 * - `permanent`: a bad request or misconfiguration that retrying cannot fix.
 */
export type ProviderErrorKind =
  'auth_revoked' | 'unauthorized' | 'cursor_expired' | 'rate_limited' | 'transient' | 'not_found' | 'permanent';

export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  readonly provider: string;
  /** The provider's own error code (`invalid_grant`, `rateLimitExceeded`, `syncStateNotFound`, ...). */
  readonly providerCode: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    provider: string,
    kind: ProviderErrorKind,
    message: string,
    options: { providerCode?: string; status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.kind = kind;
    this.providerCode = options.providerCode;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient';
  }
}

export const isProviderError = (error: unknown): error is ProviderError => error instanceof ProviderError;
