import { describe, expect, it } from 'vitest';
import { AppError } from '@billops/core';
import { ProviderError } from '@billops/providers';
import { statusForCode, toAppError } from './errors.ts';

describe('toAppError', () => {
  it('translates provider failures that a use case let through, instead of answering 500', () => {
    const status = (error: unknown) => statusForCode(toAppError(error).code);
    expect(status(new ProviderError('slack', 'rate_limited', 'ratelimited'))).toBe(429);
    expect(status(new ProviderError('google', 'transient', 'backendError'))).toBe(503);
    expect(status(new ProviderError('microsoft', 'auth_revoked', 'invalid_grant'))).toBe(409);
    expect(status(new ProviderError('slack', 'not_found', 'user_not_found'))).toBe(404);
    expect(status(new ProviderError('google', 'permanent', 'badRequest'))).toBe(502);
  });

  it('passes AppErrors through and hides anything unknown behind internal', () => {
    const conflict = new AppError('conflict', 'x');
    expect(toAppError(conflict)).toBe(conflict);
    expect(toAppError(new Error('boom'))).toMatchObject({ code: 'internal' });
  });
});
