import { describe, expect, it } from 'vitest';
import { addDays, formatDay, isCalendarDate, localDateOf, localTimeOf, weekdayOf, zonedTimeToUtc, ianaTimeZoneOf } from './time-zone.ts';

describe('local time helpers', () => {
  it('reads local dates and times in a zone', () => {
    const instant = new Date('2026-11-25T03:00:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-11-25');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-11-24');
    expect(localTimeOf(instant, 'America/Los_Angeles')).toBe('19:00');
    expect(localDateOf(instant, 'Pacific/Auckland')).toBe('2026-11-25');
  });

  it('turns a local wall-clock time into an instant, across DST changes', () => {
    expect(zonedTimeToUtc('2026-11-24', '18:00', 'America/Los_Angeles').toISOString()).toBe('2026-11-25T02:00:00.000Z');
    expect(zonedTimeToUtc('2026-07-01', '18:00', 'America/Los_Angeles').toISOString()).toBe('2026-07-02T01:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-29', '18:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T16:00:00.000Z');
    expect(zonedTimeToUtc('2026-03-28', '18:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T17:00:00.000Z');
    expect(zonedTimeToUtc('2026-11-25', '00:00', 'Asia/Kolkata').toISOString()).toBe('2026-11-24T18:30:00.000Z');
  });

  it('converts exactly across DST changes, with seconds and fractions', () => {
    // The first local time after New York springs forward: EDT already applies.
    expect(zonedTimeToUtc('2026-03-08', '03:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToUtc('2026-03-08', '01:30', 'America/New_York').toISOString()).toBe('2026-03-08T06:30:00.000Z');
    // 02:30 does not exist that night: it resolves forward by the hour skipped.
    expect(zonedTimeToUtc('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToUtc('2026-11-25', '14:00:30.1234567', 'Europe/Berlin').toISOString()).toBe('2026-11-25T13:00:30.123Z');
    expect(() => zonedTimeToUtc('2026-11-25', '2pm', 'Europe/Berlin')).toThrow(RangeError);
  });

  it('does calendar arithmetic without time zones', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(weekdayOf('2026-11-25')).toBe(3);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(formatDay('2026-11-25')).toBe('Wed, 25 Nov 2026');
  });
});

describe('ianaTimeZoneOf', () => {
  it('maps Windows zone names with CLDR data and keeps IANA names', () => {
    expect(ianaTimeZoneOf('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaTimeZoneOf('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaTimeZoneOf('romance standard time')).toBe('Europe/Paris');
    expect(ianaTimeZoneOf('India Standard Time')).toMatch(/^Asia\/(Calcutta|Kolkata)$/);
    expect(ianaTimeZoneOf('UTC')).toBe('Etc/UTC');
    expect(ianaTimeZoneOf('America/New_York')).toBe('America/New_York');
    expect(ianaTimeZoneOf('tzone://Microsoft/Custom')).toBeNull();
    expect(ianaTimeZoneOf('Not A Zone')).toBeNull();
  });

  it('gives the exact instant of a Windows-zoned wall clock across DST', () => {
    expect(zonedTimeToUtc('2026-03-08', '03:30', ianaTimeZoneOf('Eastern Standard Time')!).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedTimeToUtc('2026-07-01', '00:00:00.0000000', ianaTimeZoneOf('Pacific Standard Time')!).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
  });
});
