import { describe, expect, it } from 'vitest';
import { toDeltaEvent } from './event-mapping.ts';

describe('Graph event mapping', () => {
  it('maps a full occurrence with its series, zone and meeting facts', () => {
    const event = toDeltaEvent({
      id: 'AAMk-occ-1',
      type: 'occurrence',
      seriesMasterId: 'AAMk-master',
      subject: 'Standup',
      bodyPreview: '',
      isAllDay: false,
      isCancelled: false,
      start: { dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-11-25T14:15:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'W. Europe Standard Time',
      iCalUId: '040000008200E00074C5B7101A82E008',
      isOrganizer: false,
      responseStatus: { response: 'tentativelyAccepted', time: '2026-11-20T10:00:00Z' } as { response: string },
      showAs: 'tentative',
      organizer: { emailAddress: { name: 'Boss', address: 'Boss@Fabrikam.test' } },
      attendees: [
        { type: 'required', emailAddress: { address: 'me@contoso.test' } },
        { type: 'optional', emailAddress: { address: 'dev@northwind.test' } },
        { type: 'resource', emailAddress: { address: 'room1@contoso.test' } },
      ],
      isOnlineMeeting: true,
      onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/x' },
    });
    expect(event).toEqual({
      id: 'AAMk-occ-1',
      seriesId: 'AAMk-master',
      cancelled: false,
      allDay: false,
      title: 'Standup',
      description: null,
      start: new Date('2026-11-25T14:00:00.000Z'),
      end: new Date('2026-11-25T14:15:00.000Z'),
      timeZone: 'W. Europe Standard Time',
      selfResponse: 'tentative',
      isOrganizer: false,
      showAs: 'tentative',
      eventType: 'default',
      attendeeEmails: ['boss@fabrikam.test', 'dev@northwind.test', 'me@contoso.test'],
      organizerEmail: 'boss@fabrikam.test',
      iCalUid: '040000008200E00074C5B7101A82E008',
      hasOnlineMeeting: true,
    });
  });

  it('lists what a minimal occurrence or a partial delta row did not carry', () => {
    const occurrence = toDeltaEvent({
      id: 'occ',
      type: 'occurrence',
      seriesMasterId: 'master',
      start: { dateTime: '2026-11-25T14:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-11-25T14:15:00.0000000', timeZone: 'UTC' },
    });
    expect(occurrence.absent).toEqual(
      expect.arrayContaining(['title', 'description', 'allDay', 'selfResponse', 'attendeeEmails', 'showAs']),
    );
    expect(occurrence.absent).not.toContain('start');
    expect(toDeltaEvent({ id: 'x', subject: 'Renamed' }).absent).toEqual(expect.arrayContaining(['start', 'end', 'description']));
  });

  it("never parses an all-day item's local midnight, and reads oof / declined / organizer answers", () => {
    const allDay = toDeltaEvent({
      id: 'h',
      isAllDay: true,
      subject: 'Holiday',
      start: { dateTime: '2026-12-25T00:00:00.0000000', timeZone: 'tzone://Microsoft/Custom' },
      end: { dateTime: '2026-12-26T00:00:00.0000000', timeZone: 'tzone://Microsoft/Custom' },
    });
    expect(allDay).toMatchObject({ allDay: true, start: null, end: null });
    expect(
      toDeltaEvent({
        id: 'o',
        subject: 'Away',
        showAs: 'oof',
        start: { dateTime: '2026-12-01T09:00:00', timeZone: 'UTC' },
        end: { dateTime: '2026-12-01T17:00:00', timeZone: 'UTC' },
      }),
    ).toMatchObject({ showAs: 'oof', eventType: 'out_of_office' });
    expect(toDeltaEvent({ id: 'd', responseStatus: { response: 'declined' } })).toMatchObject({
      selfResponse: 'declined',
      isOrganizer: false,
    });
    expect(toDeltaEvent({ id: 'm', responseStatus: { response: 'organizer' } })).toMatchObject({ selfResponse: null, isOrganizer: true });
    expect(toDeltaEvent({ id: 'n', responseStatus: { response: 'none' }, attendees: [] })).toMatchObject({ selfResponse: null });
  });

  it('turns @removed items and series masters into cancelled stubs', () => {
    expect(toDeltaEvent({ id: 'gone', '@removed': { reason: 'deleted' } })).toMatchObject({
      id: 'gone',
      cancelled: true,
      start: null,
      end: null,
    });
    expect(toDeltaEvent({ id: 'master', type: 'seriesMaster', subject: 'Standup' })).toMatchObject({ id: 'master', cancelled: true });
  });
});
