import { AppError, isAppError } from '@billops/core';
import { isProviderError } from '@billops/providers';

/** The account's grant is gone (revoked, expired refresh token): the user must reconnect. */
export const reauthRequired = (provider: string) =>
  new AppError('conflict', `Your ${provider} connection has expired or was revoked; reconnect it`, { reason: 'reauth_required' });

/** Another sync of the same calendar holds it; the caller retries later (the queue does so on its own). */
export class SyncInProgressError extends AppError {
  constructor(calendarId: string) {
    super('conflict', `Calendar ${calendarId} is already syncing`, { reason: 'sync_in_progress' });
    this.name = 'SyncInProgressError';
  }
}

/**
 * Turns a provider failure into the API's vocabulary: rate limits → 429, outages → 503, a gone
 * grant → 409 reauth_required, anything else → 502. AppErrors pass through.
 */
export function providerErrorToAppError(error: unknown): unknown {
  if (!isProviderError(error)) return error;
  switch (error.kind) {
    case 'rate_limited':
      return new AppError('rate_limited', `${error.provider} is rate limiting requests; try again shortly`, { reason: 'provider_rate_limited' });
    case 'transient':
      return new AppError('unavailable', `${error.provider} is unavailable right now; try again shortly`, { reason: 'provider_unavailable' });
    case 'auth_revoked':
    case 'unauthorized':
      return reauthRequired(error.provider);
    case 'not_found':
      return new AppError('not_found', `Not found at ${error.provider}`, { reason: 'provider_not_found' });
    default:
      return new AppError('provider_error', `${error.provider} rejected the request`, { reason: 'provider_error' });
  }
}

/** Runs a provider-facing use case, converting provider failures for the API. */
export async function asAppErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw providerErrorToAppError(error);
  }
}

/**
 * Whether retrying a sync can help: rate limits, outages and a busy calendar can; a gone grant,
 * a missing calendar or a rejected request cannot (the job fails at once instead of backing off).
 */
export function isRetryableSyncError(error: unknown): boolean {
  if (isProviderError(error)) return error.retryable;
  if (error instanceof SyncInProgressError) return true;
  if (isAppError(error)) return error.code === 'unavailable' || error.code === 'rate_limited';
  return true;
}
