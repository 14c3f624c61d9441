import { describe, expect, it } from 'vitest';
import type { ProviderEvent } from '@billops/providers';
import { completeEvents, type EventSources } from './complete-events.ts';

const full = (id: string, extra: Partial<ProviderEvent> = {}): ProviderEvent => ({
  id,
  seriesId: null,
  cancelled: false,
  allDay: false,
  title: `Title ${id}`,
  description: `About ${id}`,
  start: new Date('2026-12-01T10:00:00Z'),
  end: new Date('2026-12-01T11:00:00Z'),
  timeZone: 'W. Europe Standard Time',
  selfResponse: 'accepted',
  isOrganizer: false,
  showAs: 'busy',
  eventType: 'default',
  attendeeEmails: ['boss@acme.test'],
  organizerEmail: 'boss@acme.test',
  iCalUid: `uid-${id}`,
  hasOnlineMeeting: true,
  ...extra,
});

/** A partial item as a mapping leaves it: defaults for what was absent, and the list of it. */
const partial = (id: string, present: Partial<ProviderEvent>, absent: ProviderEvent['absent']): ProviderEvent => ({
  ...full(id, {
    title: '',
    description: null,
    timeZone: null,
    selfResponse: null,
    showAs: 'busy',
    attendeeEmails: [],
    organizerEmail: null,
    iCalUid: null,
    hasOnlineMeeting: false,
  }),
  ...present,
  absent,
});

function sources(stored: ProviderEvent[], remote: ProviderEvent[]) {
  const reads: string[] = [];
  const value: EventSources = {
    stored: async (ids) => new Map(stored.filter((e) => ids.includes(e.id)).map((e) => [e.id, e])),
    fetch: async (id) => {
      reads.push(id);
      return remote.find((e) => e.id === id) ?? null;
    },
    masters: new Map(),
  };
  return { value, reads };
}

describe('completeEvents', () => {
  it('keeps stored values for what a delta row did not carry', async () => {
    const { value, reads } = sources([full('a')], []);
    const renamed = partial('a', { title: 'Renamed' }, [
      'description',
      'start',
      'end',
      'timeZone',
      'selfResponse',
      'isOrganizer',
      'attendeeEmails',
      'organizerEmail',
      'iCalUid',
      'hasOnlineMeeting',
      'showAs',
      'eventType',
    ]);
    const { events } = await completeEvents([renamed], value);
    expect(events).toEqual([full('a', { title: 'Renamed' })]);
    expect(reads).toEqual([]);
  });

  it("gives unknown bare occurrences their master's fields, reading each master once", async () => {
    const master = full('m', { title: 'Standup', start: new Date('2026-11-01T09:00:00Z'), end: new Date('2026-11-01T09:15:00Z') });
    const { value, reads } = sources([], [master]);
    const bare = (id: string, day: number) =>
      partial(id, { seriesId: 'm', start: new Date(`2026-12-0${day}T09:00:00Z`), end: new Date(`2026-12-0${day}T09:15:00Z`) }, [
        'title',
        'description',
        'timeZone',
        'selfResponse',
        'isOrganizer',
        'attendeeEmails',
        'organizerEmail',
        'iCalUid',
        'hasOnlineMeeting',
        'showAs',
        'eventType',
        'allDay',
        'cancelled',
      ]);
    const { events } = await completeEvents([bare('o1', 1), bare('o2', 2)], value);
    expect(events.map((e) => [e.id, e.title, e.seriesId, e.start?.toISOString(), e.attendeeEmails, e.absent])).toEqual([
      ['o1', 'Standup', 'm', '2026-12-01T09:00:00.000Z', ['boss@acme.test'], undefined],
      ['o2', 'Standup', 'm', '2026-12-02T09:00:00.000Z', ['boss@acme.test'], undefined],
    ]);
    expect(reads).toEqual(['m']);
  });

  it('reads an unknown partial item on its own, drops it when gone, and skips what stays incomplete', async () => {
    const { value, reads } = sources([], [full('known-remote'), { ...partial('still-bare', {}, ['title']) }]);
    const moved = partial('known-remote', { start: new Date('2026-12-03T10:00:00Z'), end: new Date('2026-12-03T11:00:00Z') }, [
      'title',
      'description',
    ]);
    const gone = partial('gone', { title: 'x' }, ['start', 'end']);
    const bare = partial('still-bare', {}, ['title']);
    const minimal = partial('minimal', { title: 'Just a title and times' }, ['attendeeEmails', 'showAs']);
    const result = await completeEvents([moved, gone, bare, minimal], value);
    expect(result.events.map((e) => [e.id, e.title, e.start?.toISOString(), e.absent])).toEqual([
      ['known-remote', 'Title known-remote', '2026-12-03T10:00:00.000Z', undefined],
      ['minimal', 'Just a title and times', '2026-12-01T10:00:00.000Z', undefined],
    ]);
    expect(result.gone).toEqual(['gone']);
    expect(result.skipped).toEqual([{ id: 'still-bare', error: expect.stringContaining('title') }]);
    expect(reads).toEqual(['known-remote', 'gone', 'still-bare']);
  });
});
