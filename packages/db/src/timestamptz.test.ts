import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './timestamptz.ts';

const parseWithRegex = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (text: string) => Date;

/** How PostgreSQL prints an instant as timestamptz text at a given UTC offset (DateStyle ISO). */
function postgresText(instantMs: number, offsetMinutes: number, fractionDigits: number): string {
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString();
  const micros = String(Math.floor(Math.abs(instantMs) % 1000) * 1000 + 456).padStart(6, '0');
  const fraction = fractionDigits === 0 ? '' : `.${micros.slice(0, fractionDigits)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.trunc(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = Math.abs(offsetMinutes) % 60;
  return `${local.slice(0, 10)} ${local.slice(11, 19)}${fraction}${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

describe('parseTimestamptz', () => {
  it('reads every shape PostgreSQL prints as the default parser does', () => {
    const offsets = [0, 60, -180, 330, 345, -570, 840, -720];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let n = 0; n < 2000; n++) {
      // 1900-2100, fractions from none to microseconds, whole-hour and half-hour offsets.
      const instant = Math.floor(-2_208_988_800_000 + random() * 6_311_433_600_000);
      const text = postgresText(instant, offsets[n % offsets.length]!, n % 7);
      expect(parseTimestamptz(text).getTime(), text).toBe(parseWithRegex(text).getTime());
    }
  });

  it('drops sub-millisecond digits rather than rounding them', () => {
    expect(parseTimestamptz('2026-11-25 18:57:53.999999+00').toISOString()).toBe('2026-11-25T18:57:53.999Z');
  });

  it('hands unusual forms to the default parser', () => {
    for (const text of [
      'infinity',
      '-infinity',
      '0099-01-01 00:00:00+00',
      '2026-11-25 18:57:53+00:19:32',
      '0044-03-15 12:00:00+00 BC',
      '12026-01-01 00:00:00+00',
    ]) {
      expect(String(parseTimestamptz(text).valueOf()), text).toBe(String(parseWithRegex(text).valueOf()));
    }
  });
});
