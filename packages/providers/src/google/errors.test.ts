import { describe, expect, it } from 'vitest';
import { mapGoogleApiError, mapGoogleTokenError } from './errors.ts';

const httpError = (status: number, data: unknown, headers: Record<string, string> = {}) => ({
  message: `Request failed with status ${status}`,
  response: { status, data, headers: new Headers(headers) },
});
const apiBody = (code: number, reason: string, message = 'x') => ({
  error: { code, message, errors: [{ domain: 'global', reason, message }] },
});

describe('mapGoogleApiError', () => {
  it('maps 410 fullSyncRequired to cursor_expired', () => {
    const e = mapGoogleApiError(
      httpError(410, apiBody(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.')),
    );
    expect(e).toMatchObject({ kind: 'cursor_expired', status: 410, providerCode: 'fullSyncRequired' });
  });

  it('treats 403 rateLimitExceeded/userRateLimitExceeded as rate limits, other 403s as permanent', () => {
    expect(mapGoogleApiError(httpError(403, apiBody(403, 'rateLimitExceeded'))).kind).toBe('rate_limited');
    expect(mapGoogleApiError(httpError(403, apiBody(403, 'userRateLimitExceeded'))).kind).toBe('rate_limited');
    expect(mapGoogleApiError(httpError(403, apiBody(403, 'forbidden'))).kind).toBe('permanent');
  });

  it('keeps Retry-After on 429 and marks 5xx and network failures transient', () => {
    const limited = mapGoogleApiError(httpError(429, apiBody(429, 'rateLimitExceeded'), { 'retry-after': '7' }));
    expect(limited).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000, retryable: true });
    expect(mapGoogleApiError(httpError(503, apiBody(503, 'backendError'))).kind).toBe('transient');
    expect(mapGoogleApiError({ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }).kind).toBe('transient');
  });

  it('maps 401 to unauthorized (refresh and retry) and 404 to not_found', () => {
    expect(mapGoogleApiError(httpError(401, apiBody(401, 'authError'))).kind).toBe('unauthorized');
    expect(mapGoogleApiError(httpError(404, apiBody(404, 'notFound'))).kind).toBe('not_found');
  });

  it('never keeps the HTTP error (whose config holds the bearer token) as the cause', () => {
    const e = mapGoogleApiError({ ...httpError(500, {}), config: { headers: { Authorization: 'Bearer ya29.secret' } } });
    expect(e.cause).toBeUndefined();
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain('ya29.secret');
  });
});

describe('mapGoogleTokenError', () => {
  it('maps invalid_grant to auth_revoked, 5xx to transient, invalid_client to permanent', () => {
    expect(
      mapGoogleTokenError(httpError(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' })),
    ).toMatchObject({ kind: 'auth_revoked', providerCode: 'invalid_grant' });
    expect(mapGoogleTokenError(httpError(500, { error: 'internal_failure' })).kind).toBe('transient');
    expect(mapGoogleTokenError(httpError(401, { error: 'invalid_client', error_description: 'Unauthorized' })).kind).toBe('permanent');
  });
});
