import { describe, expect, it } from 'vitest';
import { billedSeconds, roundingFor } from './rounding.ts';

describe('billedSeconds', () => {
  it('keeps the real duration without rounding', () => {
    expect(billedSeconds(3_601, 'none')).toBe(3_601);
  });

  it('rounds up to the next step, leaving exact multiples alone', () => {
    expect(billedSeconds(61, 'up_6')).toBe(360);
    expect(billedSeconds(360, 'up_6')).toBe(360);
    expect(billedSeconds(16 * 60, 'up_15')).toBe(30 * 60);
    expect(billedSeconds(31 * 60, 'up_30')).toBe(60 * 60);
  });

  it('rounds to the nearest step, halves up, never down to zero', () => {
    expect(billedSeconds(7 * 60 + 29, 'nearest_15')).toBe(0 + 15 * 60); // one step at least
    expect(billedSeconds(22 * 60 + 29, 'nearest_15')).toBe(15 * 60);
    expect(billedSeconds(22 * 60 + 30, 'nearest_15')).toBe(30 * 60);
    expect(billedSeconds(8 * 60, 'nearest_6')).toBe(6 * 60);
    expect(billedSeconds(9 * 60, 'nearest_6')).toBe(12 * 60);
    expect(billedSeconds(44 * 60, 'nearest_30')).toBe(30 * 60);
    expect(billedSeconds(45 * 60, 'nearest_30')).toBe(60 * 60);
  });

  it('leaves a zero duration at zero', () => {
    expect(billedSeconds(0, 'up_15')).toBe(0);
  });
});

describe('roundingFor', () => {
  it("prefers the project's setting, else the organization's", () => {
    expect(roundingFor('up_15', 'none')).toBe('none');
    expect(roundingFor('up_15', null)).toBe('up_15');
  });
});
