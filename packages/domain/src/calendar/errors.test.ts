import { describe, expect, it } from 'vitest';
import { AppError } from '@billops/core';
import { ProviderError } from '@billops/providers';
import { isRetryableSyncError, SyncInProgressError } from './errors.ts';

describe('calendar error classification', () => {
  it('retries rate limits, outages and a busy calendar; never a gone grant or a missing calendar', () => {
    expect(isRetryableSyncError(new ProviderError('google', 'rate_limited', 'slow down'))).toBe(true);
    expect(isRetryableSyncError(new ProviderError('google', 'transient', 'down'))).toBe(true);
    expect(isRetryableSyncError(new SyncInProgressError('c1'))).toBe(true);
    expect(isRetryableSyncError(new ProviderError('google', 'auth_revoked', 'invalid_grant'))).toBe(false);
    expect(isRetryableSyncError(new ProviderError('google', 'not_found', 'gone'))).toBe(false);
    expect(isRetryableSyncError(new AppError('not_found', 'Calendar not found'))).toBe(false);
    expect(isRetryableSyncError(new AppError('conflict', 'reconnect', { reason: 'reauth_required' }))).toBe(false);
  });
});
