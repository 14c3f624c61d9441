import { describe, expect, it } from 'vitest';
import { placeOnDay } from './place-on-day.ts';

const iso = (r: { startedAt: Date; endedAt: Date }) => [r.startedAt.toISOString(), r.endedAt.toISOString()];

describe('placeOnDay: an entry lies within the day it was logged for, in the user’s time zone', () => {
  const now = new Date('2026-11-25T10:00:00Z');
  it.each([
    // Today: ends now when it fits since local midnight...
    [
      'today, fits',
      { date: '2026-11-25', minutes: 120, today: '2026-11-25', now, timeZone: 'UTC' },
      ['2026-11-25T08:00:00.000Z', '2026-11-25T10:00:00.000Z'],
    ],
    // ...otherwise starts at local midnight (it used to land on yesterday).
    [
      'today, longer than the day so far',
      { date: '2026-11-25', minutes: 12 * 60, today: '2026-11-25', now, timeZone: 'UTC' },
      ['2026-11-25T00:00:00.000Z', '2026-11-25T12:00:00.000Z'],
    ],
    // 02:00 in Berlin (UTC+1): three hours cannot end now, so they start at Berlin's midnight.
    [
      'today in Berlin just after midnight',
      { date: '2026-11-25', minutes: 180, today: '2026-11-25', now: new Date('2026-11-25T01:00:00Z'), timeZone: 'Europe/Berlin' },
      ['2026-11-24T23:00:00.000Z', '2026-11-25T02:00:00.000Z'],
    ],
    // An earlier day: ends at 18:00 local...
    [
      'yesterday in New York',
      { date: '2026-11-24', minutes: 90, today: '2026-11-25', now, timeZone: 'America/New_York' },
      ['2026-11-24T21:30:00.000Z', '2026-11-24T23:00:00.000Z'],
    ],
    // ...or starts at local midnight when longer than 18 hours.
    [
      'a 20-hour past day',
      { date: '2026-11-20', minutes: 20 * 60, today: '2026-11-25', now, timeZone: 'UTC' },
      ['2026-11-20T00:00:00.000Z', '2026-11-20T20:00:00.000Z'],
    ],
    [
      '24 hours fill the day',
      { date: '2026-11-20', minutes: 24 * 60, today: '2026-11-25', now, timeZone: 'UTC' },
      ['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(iso(placeOnDay(input))).toEqual(expected);
  });

  it('refuses more hours than the day has (23 on a spring-forward day)', () => {
    expect(() => placeOnDay({ date: '2026-03-08', minutes: 24 * 60, today: '2026-11-25', now, timeZone: 'America/New_York' })).toThrow(
      '2026-03-08 has only 23 hours',
    );
    expect(iso(placeOnDay({ date: '2026-03-08', minutes: 23 * 60, today: '2026-11-25', now, timeZone: 'America/New_York' }))).toEqual([
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ]);
  });
});
