import { describe, expect, it } from 'vitest';
import { cronSlot, isValidCron } from '@billops/domain';

describe('cronSlot', () => {
  it('finds the hourly slot containing a moment', () => {
    const slot = cronSlot('0 * * * *', new Date('2026-11-25T13:42:10Z'));
    expect(slot.start.toISOString()).toBe('2026-11-25T13:00:00.000Z');
    expect(slot.end.toISOString()).toBe('2026-11-25T14:00:00.000Z');
  });

  it('puts the exact fire time in its own slot', () => {
    const slot = cronSlot('0 */12 * * *', new Date('2026-11-25T12:00:00.000Z'));
    expect(slot.start.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(slot.end.toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('validates patterns', () => {
    expect(isValidCron('*/5 * * * *')).toBe(true);
    expect(isValidCron('every hour')).toBe(false);
  });
});
