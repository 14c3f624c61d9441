import { describe, expect, it } from 'vitest';
import { classifyEvent, type ClassifiedFacts } from './classify-event.ts';

const meeting: ClassifiedFacts = {
  cancelled: false,
  allDay: false,
  selfResponse: 'accepted',
  isOrganizer: false,
  showAs: 'busy',
  eventType: 'default',
  attendeeEmails: ['boss@acme.test'],
};

describe('classifyEvent', () => {
  it('offers an accepted meeting with others, and marks tentative, unanswered and solo ones', () => {
    expect(classifyEvent(meeting)).toEqual({ hiddenReason: null, markers: [] });
    expect(classifyEvent({ ...meeting, selfResponse: 'tentative', showAs: 'tentative' })).toEqual({
      hiddenReason: null,
      markers: ['tentative'],
    });
    expect(classifyEvent({ ...meeting, selfResponse: 'needs_action' })).toEqual({ hiddenReason: null, markers: ['unanswered'] });
    expect(classifyEvent({ ...meeting, selfResponse: null, isOrganizer: true, attendeeEmails: [] })).toEqual({
      hiddenReason: null,
      markers: ['solo'],
    });
  });

  it('hides declined, out-of-office, working-location, birthday, focus-time and free events with their reason', () => {
    expect(classifyEvent({ ...meeting, selfResponse: 'declined' }).hiddenReason).toBe('declined');
    expect(classifyEvent({ ...meeting, eventType: 'out_of_office' }).hiddenReason).toBe('out_of_office');
    expect(classifyEvent({ ...meeting, showAs: 'oof' }).hiddenReason).toBe('out_of_office');
    expect(classifyEvent({ ...meeting, eventType: 'working_location', showAs: 'free' }).hiddenReason).toBe('working_location');
    expect(classifyEvent({ ...meeting, showAs: 'working_elsewhere', attendeeEmails: [] }).hiddenReason).toBe('working_location');
    expect(classifyEvent({ ...meeting, showAs: 'working_elsewhere' }).hiddenReason).toBeNull();
    expect(classifyEvent({ ...meeting, eventType: 'birthday' }).hiddenReason).toBe('birthday');
    expect(classifyEvent({ ...meeting, eventType: 'focus_time' }).hiddenReason).toBe('focus_time');
    expect(classifyEvent({ ...meeting, showAs: 'free' }).hiddenReason).toBe('free');
    expect(classifyEvent({ ...meeting, cancelled: true, selfResponse: 'declined' }).hiddenReason).toBe('cancelled');
    expect(classifyEvent({ ...meeting, allDay: true }).hiddenReason).toBe('all_day');
  });

  it('lets the user offer focus time and free events', () => {
    const preferences = { offerFocusTime: true, offerFreeEvents: true };
    expect(classifyEvent({ ...meeting, eventType: 'focus_time', attendeeEmails: [] }, preferences)).toEqual({
      hiddenReason: null,
      markers: ['solo'],
    });
    expect(classifyEvent({ ...meeting, showAs: 'free' }, preferences).hiddenReason).toBeNull();
    // A declined meeting stays hidden whatever the preferences.
    expect(classifyEvent({ ...meeting, selfResponse: 'declined', showAs: 'free' }, preferences).hiddenReason).toBe('declined');
  });
});
