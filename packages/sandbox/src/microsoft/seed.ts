import type { MicrosoftSandboxState } from './state.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Demo mailbox for the quick start, in the shapes real Graph sends: meetings around today in the
 * default calendar (a recurring stand-up whose occurrences come minimal, client meetings with
 * attendees from several domains, invitations accepted, tentative, unanswered and declined, an
 * out-of-office block, a working-elsewhere marker, a "free" lunch, an all-day offsite in its own zone,
 * a cancelled meeting), and one meeting that is on both "Calendar" and "Work".
 */
export function seedMicrosoftDemoData(state: MicrosoftSandboxState, now = new Date()): void {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const at = (dayOffset: number, hour: number) => new Date(today.getTime() + dayOffset * DAY + hour * HOUR);
  const me = state.user.mail ?? state.user.userPrincipalName;
  state.addSeries({
    subject: 'Team stand-up',
    start: at(-2, 9),
    end: at(-2, 9.25),
    count: 7,
    originalStartTimeZone: 'W. Europe Standard Time',
    attendees: [
      { address: 'dev@contoso.test', response: 'accepted' },
      { address: 'pm@contoso.test', response: 'accepted' },
    ],
    isOnlineMeeting: true,
  });
  state.addEvent({
    subject: 'Contoso: quarterly review',
    bodyPreview: 'Agenda: numbers, roadmap, renewal',
    start: at(-1, 14),
    end: at(-1, 15.5),
    organizer: { address: 'cfo@contoso-client.test', name: 'Contoso CFO' },
    attendees: [
      { address: me, response: 'accepted' },
      { address: 'cfo@contoso-client.test', response: 'accepted' },
      { address: 'room-4@contoso.test', type: 'resource', response: 'accepted' },
    ],
    response: 'accepted',
    isOnlineMeeting: true,
  });
  state.addEvent({
    subject: 'Fabrikam onboarding call',
    start: at(1, 13),
    end: at(1, 14),
    originalStartTimeZone: 'Pacific Standard Time',
    organizer: { address: 'lead@fabrikam.test' },
    attendees: [
      { address: me, response: 'tentativelyAccepted' },
      { address: 'lead@fabrikam.test', response: 'accepted' },
    ],
    response: 'tentativelyAccepted',
    showAs: 'tentative',
  });
  state.addEvent({
    subject: 'Tailspin intro',
    start: at(2, 16),
    end: at(2, 16.5),
    organizer: { address: 'sales@tailspin.test' },
    attendees: [{ address: me, response: 'none' }],
    response: 'notResponded',
  });
  state.addEvent({
    subject: 'Northwind pricing call',
    start: at(1, 10),
    end: at(1, 11),
    organizer: { address: 'buyer@northwind.test' },
    attendees: [{ address: me, response: 'declined' }],
    response: 'declined',
    showAs: 'free',
  });
  state.addEvent({ subject: 'Out of office: dentist', start: at(0, 13), end: at(0, 17), showAs: 'oof' });
  state.addEvent({ subject: 'Working from home', start: at(-1, 8), end: at(-1, 17), showAs: 'workingElsewhere' });
  state.addEvent({ subject: 'Lunch', start: at(0, 12), end: at(0, 13), showAs: 'free' });
  state.addEvent({
    subject: 'Company offsite',
    start: at(3, 0),
    end: at(4, 0),
    isAllDay: true,
    originalStartTimeZone: 'Pacific Standard Time',
  });
  state.addEvent({ subject: 'Cancelled: design sync', start: at(2, 10), end: at(2, 11), isCancelled: true });
  const work = state.calendars.find((calendar) => !calendar.isDefaultCalendar);
  const workshop = {
    subject: 'Northwind workshop',
    start: at(2, 15),
    end: at(2, 17),
    organizer: { address: 'ops@northwind.test' },
    attendees: [{ address: me, response: 'accepted' as const }],
    response: 'accepted' as const,
  };
  const shared = state.addEvent(workshop);
  if (work) state.addEvent({ ...workshop, calendarId: work.id, iCalUId: shared.iCalUId });
}
