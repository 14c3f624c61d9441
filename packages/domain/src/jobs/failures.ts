import { isAppError } from '@billops/core';
import { isProviderError } from '@billops/providers';
import { providerErrorToAppError } from '../provider-errors.ts';

/**
 * Whether retrying a job can help, in the API's vocabulary: a provider failure is read through the
 * one translation (providerErrorToAppError), so rate limits and outages are retried, while a gone
 * grant (reauth_required), a missing resource or a rejected request are not. Anything that is no
 * AppError (a dropped connection, a bug) is retried: the attempts bound it.
 */
export function isRetryableFailure(error: unknown): boolean {
  const translated = isProviderError(error) ? providerErrorToAppError(error) : error;
  if (isAppError(translated)) return translated.code === 'unavailable' || translated.code === 'rate_limited';
  return true;
}
