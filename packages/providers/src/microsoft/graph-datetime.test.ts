import { describe, expect, it } from 'vitest';
import { GraphDateTimeError, parseGraphDateTime } from './graph-datetime.ts';

describe('parseGraphDateTime', () => {
  it('reads an offset-less Graph dateTime labelled UTC (or unlabelled) as UTC whatever the process time zone', () => {
    expect(parseGraphDateTime({ dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'UTC' }).toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(parseGraphDateTime({ dateTime: '2026-03-29T01:30:15.1234567', timeZone: 'UTC' }).toISOString()).toBe('2026-03-29T01:30:15.123Z');
    expect(parseGraphDateTime({ dateTime: '2026-12-31T23:59:59' }).toISOString()).toBe('2026-12-31T23:59:59.000Z');
  });

  it('converts Windows and IANA zone names to the exact instant, across DST', () => {
    expect(parseGraphDateTime({ dateTime: '2026-12-01T00:00:00.0000000', timeZone: 'Pacific Standard Time' }).toISOString()).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(parseGraphDateTime({ dateTime: '2026-07-01T09:00:00.0000000', timeZone: 'W. Europe Standard Time' }).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(parseGraphDateTime({ dateTime: '2026-03-08T03:30:00.0000000', timeZone: 'Eastern Standard Time' }).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(parseGraphDateTime({ dateTime: '2026-03-08T03:30:00', timeZone: 'America/New_York' }).toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(parseGraphDateTime({ dateTime: '2026-11-25T14:00:00+02:00', timeZone: 'UTC' }).toISOString()).toBe('2026-11-25T12:00:00.000Z');
  });

  it('refuses unknown zones and impossible dates', () => {
    expect(() => parseGraphDateTime({ dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'tzone://Microsoft/Custom' })).toThrow(
      GraphDateTimeError,
    );
    expect(() => parseGraphDateTime({ dateTime: '2026-02-30T10:00:00', timeZone: 'UTC' })).toThrow(/Invalid/);
    expect(() => parseGraphDateTime({ dateTime: 'tomorrow', timeZone: 'UTC' })).toThrow(/format/);
  });
});
