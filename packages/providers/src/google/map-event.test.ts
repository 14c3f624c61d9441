import { describe, expect, it } from 'vitest';
import { parseGoogleDateTime, toProviderEvent } from './map-event.ts';

describe('toProviderEvent', () => {
  it('reads timed events as UTC instants and keeps the event time zone', () => {
    const event = toProviderEvent(
      { id: 'abc_20261126T090000Z', status: 'confirmed', summary: 'Standup', start: { dateTime: '2026-11-26T10:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-11-26T10:15:00+01:00', timeZone: 'Europe/Berlin' }, recurringEventId: 'abc' },
      'UTC',
    );
    expect(event).toMatchObject({ id: 'abc_20261126T090000Z', seriesId: 'abc', allDay: false, cancelled: false, timeZone: 'Europe/Berlin', title: 'Standup' });
    expect(event.start?.toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2026-11-26T09:15:00.000Z');
  });

  it('recognises all-day events and cancelled stubs', () => {
    expect(toProviderEvent({ id: 'a1', summary: 'Offsite', start: { date: '2026-11-26' }, end: { date: '2026-11-27' } }, 'UTC')).toMatchObject({ allDay: true, start: null });
    expect(toProviderEvent({ id: 'c1', status: 'cancelled' }, null)).toMatchObject({ cancelled: true, start: null, end: null, title: '' });
  });

  it('reads an offset-less local time in the event zone, never the server zone', () => {
    expect(parseGoogleDateTime('2026-07-01T09:00:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(parseGoogleDateTime('2026-01-15T09:00:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(parseGoogleDateTime('2026-01-15T09:00:00', null).toISOString()).toBe('2026-01-15T09:00:00.000Z');
  });
});
