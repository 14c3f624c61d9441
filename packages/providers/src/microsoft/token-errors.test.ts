import { describe, expect, it } from 'vitest';
import { tokenEndpointError } from './token-errors.ts';

const body = (error: string, code?: number) =>
  JSON.stringify({
    error,
    error_description: code ? `AADSTS${code}: something.\r\nTrace ID: x` : undefined,
    error_codes: code ? [code] : undefined,
  });

describe('tokenEndpointError', () => {
  it('treats invalid_grant and revoked-consent / disabled-account AADSTS codes as auth_revoked', () => {
    expect(tokenEndpointError(400, body('invalid_grant', 70008), null)).toMatchObject({
      kind: 'auth_revoked',
      providerCode: 'invalid_grant',
      message: expect.stringContaining('AADSTS70008'),
    });
    expect(tokenEndpointError(400, body('invalid_grant', 700082), null).kind).toBe('auth_revoked');
    expect(tokenEndpointError(400, body('interaction_required', 50076), null).kind).toBe('auth_revoked');
    // A code in the description only still counts.
    expect(
      tokenEndpointError(
        400,
        JSON.stringify({ error: 'invalid_request', error_description: 'AADSTS50057: The user account is disabled.' }),
        null,
      ),
    ).toMatchObject({
      kind: 'auth_revoked',
      message: expect.stringContaining('AADSTS50057'),
    });
  });

  it('keeps outages and throttling retryable and other client errors permanent', () => {
    expect(tokenEndpointError(503, '<html>down</html>', null).kind).toBe('transient');
    expect(tokenEndpointError(500, body('temporarily_unavailable'), null).kind).toBe('transient');
    expect(tokenEndpointError(429, body('too_many_requests'), '7')).toMatchObject({ kind: 'rate_limited', retryAfterMs: 7000 });
    expect(tokenEndpointError(400, body('invalid_scope', 70011), null).kind).toBe('permanent');
  });

  it('keeps only the first description sentence, without trace ids, in the message', () => {
    const error = tokenEndpointError(
      400,
      JSON.stringify({
        error: 'invalid_grant',
        error_description: 'AADSTS70008: Expired. Trace ID: abc Correlation ID: def\r\nmore',
        error_codes: [70008],
      }),
      null,
    );
    expect(error.message).toBe('Microsoft token endpoint: invalid_grant (AADSTS70008: Expired.)');
  });
});
