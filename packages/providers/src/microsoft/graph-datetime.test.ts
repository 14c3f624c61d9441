import { describe, expect, it } from 'vitest';
import { GraphDateTimeError, parseGraphUtcDateTime } from './graph-datetime.ts';

describe('parseGraphUtcDateTime', () => {
  it('reads an offset-less Graph dateTime as UTC whatever the process time zone', () => {
    expect(parseGraphUtcDateTime({ dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'UTC' }).toISOString()).toBe('2026-11-25T14:00:00.000Z');
    expect(parseGraphUtcDateTime({ dateTime: '2026-03-29T01:30:15.1234567', timeZone: 'UTC' }).toISOString()).toBe('2026-03-29T01:30:15.123Z');
    expect(parseGraphUtcDateTime({ dateTime: '2026-12-31T23:59:59' }).toISOString()).toBe('2026-12-31T23:59:59.000Z');
  });

  it('refuses strings with an offset, other zones and impossible dates', () => {
    expect(() => parseGraphUtcDateTime({ dateTime: '2026-11-25T14:00:00+02:00', timeZone: 'UTC' })).toThrow(GraphDateTimeError);
    expect(() => parseGraphUtcDateTime({ dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'Pacific Standard Time' })).toThrow(/instead of UTC/);
    expect(() => parseGraphUtcDateTime({ dateTime: '2026-02-30T10:00:00', timeZone: 'UTC' })).toThrow(/Invalid/);
    expect(() => parseGraphUtcDateTime({ dateTime: 'tomorrow', timeZone: 'UTC' })).toThrow(/format/);
  });
});
