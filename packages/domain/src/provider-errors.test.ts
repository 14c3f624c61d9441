import { describe, expect, it } from 'vitest';
import { ProviderError } from '@billops/providers';
import { providerErrorToAppError } from './provider-errors.ts';

describe('providerErrorToAppError', () => {
  it('turns provider failures into API errors with clear reasons', () => {
    expect(providerErrorToAppError(new ProviderError('google', 'rate_limited', 'x'))).toMatchObject({
      code: 'rate_limited',
      reason: 'provider_rate_limited',
    });
    expect(providerErrorToAppError(new ProviderError('google', 'transient', 'x'))).toMatchObject({
      code: 'unavailable',
      reason: 'provider_unavailable',
    });
    expect(providerErrorToAppError(new ProviderError('google', 'auth_revoked', 'x'))).toMatchObject({
      code: 'conflict',
      reason: 'reauth_required',
    });
    expect(providerErrorToAppError(new ProviderError('microsoft', 'unauthorized', 'x'))).toMatchObject({
      code: 'conflict',
      reason: 'reauth_required',
    });
    expect(providerErrorToAppError(new ProviderError('slack', 'not_found', 'x'))).toMatchObject({
      code: 'not_found',
      reason: 'provider_not_found',
    });
    expect(providerErrorToAppError(new ProviderError('google', 'permanent', 'x'))).toMatchObject({ code: 'provider_error' });
    expect(providerErrorToAppError(new ProviderError('google', 'cursor_expired', 'x'))).toMatchObject({ code: 'provider_error' });
  });
});
