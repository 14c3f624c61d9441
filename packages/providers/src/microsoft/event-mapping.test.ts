import { describe, expect, it } from 'vitest';
import { toProviderEvent } from './event-mapping.ts';

describe('toProviderEvent', () => {
  it('maps an occurrence with UTC times, its series and the original zone', () => {
    const event = toProviderEvent({
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
    });
  });

  it('turns @removed items into cancelled stubs and keeps isCancelled/isAllDay flags', () => {
    expect(toProviderEvent({ id: 'gone', '@removed': { reason: 'deleted' } })).toMatchObject({ id: 'gone', cancelled: true, start: null, end: null });
    const allDay = toProviderEvent({
      id: 'holiday',
      isAllDay: true,
      isCancelled: true,
      start: { dateTime: '2026-11-26T00:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-11-27T00:00:00.0000000', timeZone: 'UTC' },
    });
    expect(allDay).toMatchObject({ allDay: true, cancelled: true, title: '', seriesId: null, timeZone: null });
  });
});
