import { addEvent } from './events.ts';
import { DEFAULT_USER_EMAIL, type GoogleSandboxState } from './store.ts';

const HOUR = 3600_000;
const at = (dayOffset: number, hourUtc: number) => {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  return new Date(midnight.getTime() + (dayOffset * 24 + hourUtc) * HOUR).toISOString().replace('.000Z', 'Z');
};

/**
 * A demo account for the quick start: the default user's primary calendar with meetings around
 * today (one all-day event, one daily series) and a second, empty team calendar.
 */
export function seedDemoData(state: GoogleSandboxState): void {
  state.userFor(DEFAULT_USER_EMAIL);
  const primary = state.addCalendar({ id: DEFAULT_USER_EMAIL, summary: DEFAULT_USER_EMAIL, timeZone: 'Europe/Berlin', primary: true });
  state.addCalendar({ id: 'team.sandbox@group.calendar.google.com', summary: 'Team', timeZone: 'Europe/Berlin' });
  const timed = (day: number, hour: number, hours: number, summary: string, description?: string) =>
    addEvent(state, primary, { summary, ...(description ? { description } : {}), start: { dateTime: at(day, hour), timeZone: 'Europe/Berlin' }, end: { dateTime: at(day, hour + hours), timeZone: 'Europe/Berlin' } });
  timed(-2, 9, 1, 'Kickoff with Acme', 'Scope and milestones');
  timed(-1, 13, 2, 'Design review');
  timed(0, 15, 1, 'Client call: Globex');
  timed(2, 10, 1.5, 'Workshop prep');
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 24 * HOUR).toISOString().slice(0, 10);
  addEvent(state, primary, { summary: 'Company offsite', start: { date: today }, end: { date: tomorrow } });
  addEvent(state, primary, { summary: 'Daily standup', start: { dateTime: at(-3, 8), timeZone: 'Europe/Berlin' }, end: { dateTime: at(-3, 8.25), timeZone: 'Europe/Berlin' }, recurrence: { count: 10 } });
}
