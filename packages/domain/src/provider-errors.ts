import { AppError } from '@billops/core';
import type { ProviderError } from '@billops/providers';

/** The account's grant is gone (revoked, expired refresh token): the user must reconnect. */
export const reauthRequired = (provider: string) =>
  new AppError('conflict', `Your ${provider} connection has expired or was revoked; reconnect it`, { reason: 'reauth_required' });

/**
 * The one translation of a provider failure into the API's vocabulary, applied by the API's error
 * handler to anything a use case lets through: rate limits → 429, outages → 503, a gone grant →
 * 409 reauth_required, a missing resource → 404, anything else → 502.
 */
export function providerErrorToAppError(error: ProviderError): AppError {
  switch (error.kind) {
    case 'rate_limited':
      return new AppError('rate_limited', `${error.provider} is rate limiting requests; try again shortly`, {
        reason: 'provider_rate_limited',
        cause: error,
      });
    case 'transient':
      return new AppError('unavailable', `${error.provider} is unavailable right now; try again shortly`, {
        reason: 'provider_unavailable',
        cause: error,
      });
    case 'auth_revoked':
    case 'unauthorized':
      return reauthRequired(error.provider);
    case 'not_found':
      return new AppError('not_found', `Not found at ${error.provider}`, { reason: 'provider_not_found', cause: error });
    default:
      return new AppError('provider_error', `${error.provider} rejected the request`, { reason: 'provider_error', cause: error });
  }
}
