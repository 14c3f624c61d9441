import { ProviderError } from '../shared/provider-error.ts';
import { parseRetryAfter } from '../shared/retry.ts';
import { tokenErrorSchema } from './identity-schemas.ts';

/**
 * AADSTS codes that mean the grant is gone for good: only the user signing in again fixes them.
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const GRANT_GONE_AADSTS = new Set([
  50034, // user account does not exist in the directory
  50053, // account locked
  50055, // password expired
  50057, // user account disabled
  50076, // MFA required (interaction_required)
  50079, // MFA registration required
  50133, // session invalid after password expiry or change
  50173, // grant expired because the password was changed / tokens revoked by an admin
  53003, // blocked by Conditional Access
  54005, // authorization code already redeemed
  65001, // consent not granted or revoked
  70000, // invalid grant (revoked, expired, or scopes no longer authorised)
  70008, // code or refresh token expired or revoked
  700082, // refresh token expired after inactivity
  700084, // refresh token (SPA) lifetime exceeded
  501481, // code_verifier does not match the code_challenge
]);

/** OAuth error codes that mean "reconnect" regardless of the AADSTS detail. */
const GRANT_GONE_ERRORS = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'invalid_client',
  'unauthorized_client',
]);

/** Leading "AADSTS70008:" of an error_description, for responses without `error_codes`. */
const aadstsFromDescription = (description: string | undefined): number[] => {
  const match = description ? /AADSTS(\d+)/.exec(description) : null;
  return match?.[1] ? [Number(match[1])] : [];
};

/**
 * Maps a failed token-endpoint response to a ProviderError. The message keeps the AADSTS code and
 * the first sentence of Microsoft's description (never the token itself), so operators reading
 * `last_refresh_error` can tell revoked consent from a disabled account.
 */
export function tokenEndpointError(status: number, bodyText: string, retryAfter: string | null): ProviderError {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    json = undefined;
  }
  const parsed = tokenErrorSchema.safeParse(json);
  if (!parsed.success) {
    const kind = status >= 500 || status === 429 ? (status === 429 ? 'rate_limited' : 'transient') : 'permanent';
    return new ProviderError('microsoft', kind, `Microsoft token endpoint answered HTTP ${status} without an OAuth error body`, {
      status,
      retryAfterMs: parseRetryAfter(retryAfter),
    });
  }
  const { error, error_description: description, error_codes: errorCodes } = parsed.data;
  const codes = errorCodes?.length ? errorCodes : aadstsFromDescription(description);
  // providerCode is the OAuth error (as for Google); the AADSTS detail is in the message.
  const providerCode = error;
  const detail = codes[0] !== undefined ? `AADSTS${codes[0]}` : undefined;
  const firstLine = description?.split(/\r?\n/)[0]?.replace(/ Trace ID:.*$/, '');
  const message = `Microsoft token endpoint: ${error}${firstLine ? ` (${firstLine})` : detail ? ` (${detail})` : ''}`;
  if (GRANT_GONE_ERRORS.has(error) || codes.some((code) => GRANT_GONE_AADSTS.has(code))) {
    return new ProviderError('microsoft', 'auth_revoked', message, { providerCode, status });
  }
  if (status === 429)
    return new ProviderError('microsoft', 'rate_limited', message, { providerCode, status, retryAfterMs: parseRetryAfter(retryAfter) });
  if (status >= 500 || error === 'temporarily_unavailable')
    return new ProviderError('microsoft', 'transient', message, { providerCode, status });
  return new ProviderError('microsoft', 'permanent', message, { providerCode, status });
}
