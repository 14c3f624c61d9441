import { describe, expect, it } from 'vitest';
import { AppError } from '@billops/core';
import { decodeCursor, encodeCursor } from './cursor.ts';

describe('list cursors', () => {
  it('round-trips a position with millisecond precision', () => {
    const position = { at: new Date('2026-03-04T05:06:07.891Z'), id: '3f1c1f9e-3b8f-4b39-9d0c-6a8a1fbcf2a4' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each(['', 'not-base64-json', Buffer.from('{"at":"yesterday","id":"x"}').toString('base64url')])('rejects %j as a 400', (bad) => {
    expect(() => decodeCursor(bad)).toThrow(AppError);
    try {
      decodeCursor(bad);
    } catch (error) {
      expect((error as AppError).code).toBe('validation_failed');
      expect((error as AppError).details?.[0]?.path).toBe('cursor');
    }
  });
});
