import { addEvent, type NewEvent } from './events.ts';
import { DEFAULT_USER_EMAIL, type GoogleSandboxState } from './store.ts';

const HOUR = 3600_000;
const at = (dayOffset: number, hourUtc: number) => {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  return new Date(midnight.getTime() + (dayOffset * 24 + hourUtc) * HOUR).toISOString().replace('.000Z', 'Z');
};
const ME = DEFAULT_USER_EMAIL;

/**
 * A demo account for the quick start, in the shapes Google's Events resource has: the default
 * user's primary calendar with meetings around today (their own and invitations accepted, tentative,
 * unanswered and declined, attendees from several domains, Meet links), an out-of-office block, a
 * focus-time block, a working-location marker, a "free" event, a solo event, a daily series and an
 * all-day offsite; and a team calendar that holds one of the same meetings again.
 */
export function seedDemoData(state: GoogleSandboxState): void {
  state.userFor(ME);
  const primary = state.addCalendar({ id: ME, summary: ME, timeZone: 'Europe/Berlin', primary: true });
  const team = state.addCalendar({ id: 'team.sandbox@group.calendar.google.com', summary: 'Team', timeZone: 'Europe/Berlin' });
  const timed = (day: number, hour: number, hours: number, summary: string, extra: Partial<NewEvent> = {}, calendar = primary) =>
    addEvent(state, calendar, {
      summary,
      start: { dateTime: at(day, hour), timeZone: 'Europe/Berlin' },
      end: { dateTime: at(day, hour + hours), timeZone: 'Europe/Berlin' },
      ...extra,
    });
  const invitation = (from: string, answer: 'accepted' | 'tentative' | 'needsAction' | 'declined', others: string[] = []) => ({
    organizer: { email: from },
    attendees: [
      { email: from, organizer: true, responseStatus: 'accepted' as const },
      { email: ME, responseStatus: answer },
      ...others.map((email) => ({ email, responseStatus: 'accepted' as const })),
    ],
  });
  timed(-2, 9, 1, 'Kickoff with Acme', {
    description: 'Scope and milestones',
    meet: true,
    ...invitation('pm@acme.test', 'accepted', ['cto@acme.test', 'consultant@globex.test']),
  });
  timed(-1, 13, 2, 'Design review', {
    attendees: [
      { email: ME, organizer: true, responseStatus: 'accepted' },
      { email: 'designer@acme.test' },
      { email: 'c_room-3@resource.calendar.google.com', resource: true, responseStatus: 'accepted' },
    ],
  });
  timed(0, 15, 1, 'Client call: Globex', { meet: true, ...invitation('ap@globex.test', 'tentative') });
  timed(1, 16, 0.5, 'Vendor demo', invitation('sales@initech.test', 'needsAction'));
  timed(1, 10, 1, 'Initech sales pitch', invitation('sales@initech.test', 'declined'));
  timed(2, 10, 1.5, 'Workshop prep');
  timed(0, 7, 1, 'Gym', { transparency: 'transparent' });
  timed(-1, 8, 3, 'Focus time', { eventType: 'focusTime' });
  timed(1, 12, 5, 'Out of office', { eventType: 'outOfOffice' });
  timed(2, 7, 10, 'Home', { eventType: 'workingLocation', transparency: 'transparent' });
  const steering = { ...invitation('ceo@acme.test', 'accepted'), iCalUID: 'acme-steering-committee@acme.test' };
  timed(3, 14, 1, 'Acme steering committee', steering);
  timed(3, 14, 1, 'Acme steering committee', steering, team);
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
  addEvent(state, primary, { summary: 'Company offsite', start: { date: today }, end: { date: tomorrow } });
  addEvent(state, primary, {
    summary: 'Daily standup',
    start: { dateTime: at(-3, 8), timeZone: 'Europe/Berlin' },
    end: { dateTime: at(-3, 8.25), timeZone: 'Europe/Berlin' },
    recurrence: { count: 10 },
    attendees: [
      { email: ME, organizer: true, responseStatus: 'accepted' },
      { email: 'dev@acme.test', responseStatus: 'accepted' },
    ],
    meet: true,
  });
}
