import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, lineAmountCents, parseInvoiceNumber } from './amounts.ts';

describe('lineAmountCents', () => {
  it.each([
    // [seconds, rate cents/hour, expected cents]
    [3600, 15000, 15000],
    [5400, 15000, 22500],
    [1, 1800, 1], // 0.5 cent rounds up
    [1, 1799, 0], // 0.4997 cent rounds down
    [59, 10000, 164], // 163.888… → 164
    [450, 333, 42], // 41.625 → 42
    [900, 14, 4], // exactly 3.5 → 4 (half-up)
    [7200, 0, 0],
    [86400, 10_000_000, 240_000_000],
  ])('%i s at %i c/h is %i c', (seconds, rate, expected) => {
    expect(lineAmountCents(seconds, rate)).toBe(expected);
  });

  it('rejects fractional or negative inputs', () => {
    expect(() => lineAmountCents(1.5, 100)).toThrow(RangeError);
    expect(() => lineAmountCents(10, -1)).toThrow(RangeError);
  });
});

describe('invoice numbers', () => {
  it('formats and parses INV-0001 style numbers', () => {
    expect(formatInvoiceNumber(1)).toBe('INV-0001');
    expect(formatInvoiceNumber(42)).toBe('INV-0042');
    expect(formatInvoiceNumber(12345)).toBe('INV-12345');
    expect(parseInvoiceNumber('INV-0042')).toBe(42);
    expect(parseInvoiceNumber('INV-12345')).toBe(12345);
    expect(parseInvoiceNumber('X-1')).toBeUndefined();
  });
});
