import { AppError } from '@billops/core';
import { ProviderError } from '@billops/providers';
import { describe, expect, it } from 'vitest';
import { reauthRequired } from '../provider-errors.ts';
import { isRetryableFailure } from './failures.ts';

describe('isRetryableFailure', () => {
  it('retries rate limits and outages, from a provider or not', () => {
    expect(isRetryableFailure(new ProviderError('slack', 'rate_limited', 'slow down'))).toBe(true);
    expect(isRetryableFailure(new ProviderError('google', 'transient', 'down'))).toBe(true);
    expect(isRetryableFailure(new AppError('unavailable', 'database away'))).toBe(true);
    expect(isRetryableFailure(new Error('connection reset'))).toBe(true);
  });

  it('does not retry a gone grant, a missing resource or a rejected request', () => {
    expect(isRetryableFailure(new ProviderError('slack', 'auth_revoked', 'token_revoked'))).toBe(false);
    expect(isRetryableFailure(new ProviderError('slack', 'not_found', 'user_not_found'))).toBe(false);
    expect(isRetryableFailure(new ProviderError('slack', 'permanent', 'invalid_blocks'))).toBe(false);
    expect(isRetryableFailure(reauthRequired('google'))).toBe(false);
    expect(isRetryableFailure(AppError.notFound('OAuth account'))).toBe(false);
  });
});
