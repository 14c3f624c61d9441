import { describe, expect, it } from 'vitest';
import { parseGoogleDateTime, toProviderEvent } from './map-event.ts';

describe('toProviderEvent', () => {
  it('reads timed events as UTC instants and keeps the event time zone', () => {
    const event = toProviderEvent(
      {
        id: 'abc_20261126T090000Z',
        status: 'confirmed',
        summary: 'Standup',
        start: { dateTime: '2026-11-26T10:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-11-26T10:15:00+01:00', timeZone: 'Europe/Berlin' },
        recurringEventId: 'abc',
      },
      'UTC',
    );
    expect(event).toMatchObject({
      id: 'abc_20261126T090000Z',
      seriesId: 'abc',
      allDay: false,
      cancelled: false,
      timeZone: 'Europe/Berlin',
      title: 'Standup',
    });
    expect(event.start?.toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(event.end?.toISOString()).toBe('2026-11-26T09:15:00.000Z');
  });

  it('recognises all-day events and cancelled stubs', () => {
    expect(
      toProviderEvent({ id: 'a1', summary: 'Offsite', start: { date: '2026-11-26' }, end: { date: '2026-11-27' } }, 'UTC'),
    ).toMatchObject({ allDay: true, start: null });
    expect(toProviderEvent({ id: 'c1', status: 'cancelled' }, null)).toMatchObject({ cancelled: true, start: null, end: null, title: '' });
  });

  it('reads an offset-less local time in the event zone, never the server zone', () => {
    expect(parseGoogleDateTime('2026-07-01T09:00:00', 'America/New_York').toISOString()).toBe('2026-07-01T13:00:00.000Z');
    expect(parseGoogleDateTime('2026-01-15T09:00:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(parseGoogleDateTime('2026-01-15T09:00:00', null).toISOString()).toBe('2026-01-15T09:00:00.000Z');
  });

  it('converts an offset-less time exactly across the DST change', () => {
    expect(parseGoogleDateTime('2026-03-08T03:30:00', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(parseGoogleDateTime('2026-03-08T01:30:00', 'America/New_York').toISOString()).toBe('2026-03-08T06:30:00.000Z');
    expect(() => parseGoogleDateTime('2026-02-30T10:00:00', 'UTC')).toThrow(/unreadable/);
  });

  it('reads the meeting facts from attendees[self], organizer, transparency, eventType and conference data', () => {
    const event = toProviderEvent(
      {
        id: 'm1',
        summary: 'Review',
        start: { dateTime: '2026-11-26T10:00:00Z' },
        end: { dateTime: '2026-11-26T11:00:00Z' },
        iCalUID: 'uid-1@google.com',
        transparency: 'transparent',
        organizer: { email: 'Boss@Acme.test' },
        attendees: [
          { email: 'me@example.com', self: true, responseStatus: 'tentative' },
          { email: 'boss@acme.test', organizer: true, responseStatus: 'accepted' },
          { email: 'dev@globex.test', responseStatus: 'needsAction' },
          { email: 'c_123@resource.calendar.google.com', resource: true, responseStatus: 'accepted' },
        ],
        hangoutLink: 'https://meet.google.com/abc-defg-hij',
      },
      'UTC',
    );
    expect(event).toMatchObject({
      selfResponse: 'tentative',
      isOrganizer: false,
      showAs: 'free',
      eventType: 'default',
      attendeeEmails: ['boss@acme.test', 'dev@globex.test'],
      organizerEmail: 'boss@acme.test',
      iCalUid: 'uid-1@google.com',
      hasOnlineMeeting: true,
    });
    const minimal = toProviderEvent(
      { id: 'm2', start: { dateTime: '2026-11-26T10:00:00Z' }, end: { dateTime: '2026-11-26T11:00:00Z' }, eventType: 'outOfOffice' },
      null,
    );
    expect(minimal).toMatchObject({
      selfResponse: null,
      isOrganizer: false,
      showAs: 'busy',
      eventType: 'out_of_office',
      attendeeEmails: [],
      organizerEmail: null,
      iCalUid: null,
      hasOnlineMeeting: false,
    });
    const mine = toProviderEvent(
      {
        id: 'm3',
        start: { dateTime: '2026-11-26T10:00:00Z' },
        end: { dateTime: '2026-11-26T11:00:00Z' },
        organizer: { email: 'me@example.com', self: true },
        attendees: [
          { email: 'me@example.com', self: true, organizer: true, responseStatus: 'accepted' },
          { email: 'x@initech.test', responseStatus: 'declined' },
        ],
      },
      null,
    );
    expect(mine).toMatchObject({ selfResponse: null, isOrganizer: true, attendeeEmails: ['x@initech.test'] });
  });
});
