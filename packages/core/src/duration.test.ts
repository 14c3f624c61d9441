import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it.each([
    [60, '1 minute'],
    [20 * 60, '20 minutes'],
    [59 * 60, '59 minutes'],
    [3600, '1 hour'],
    [90 * 60, '1.5 hours'],
    [135 * 60, '2.25 hours'],
    [100 * 60, '1 hour 40 minutes'],
    [61 * 60, '1 hour 1 minute'],
    [24 * 3600, '24 hours'],
    [20 * 60 + 29, '20 minutes'],
  ])('%i seconds → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
