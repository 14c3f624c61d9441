import type { MicrosoftSandboxState } from './state.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Demo mailbox for the quick start: meetings around today in the default calendar (a recurring
 * stand-up, client calls, an all-day offsite that is not billable, a cancelled meeting) and one
 * in "Work", so connecting Outlook against the sandbox shows something at once.
 */
export function seedMicrosoftDemoData(state: MicrosoftSandboxState, now = new Date()): void {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const at = (dayOffset: number, hour: number) => new Date(today.getTime() + dayOffset * DAY + hour * HOUR);
  state.addSeries({ subject: 'Team stand-up', start: at(-2, 9), end: at(-2, 9.25), count: 7, originalStartTimeZone: 'W. Europe Standard Time' });
  state.addEvent({ subject: 'Contoso: quarterly review', bodyPreview: 'Agenda: numbers, roadmap, renewal', start: at(-1, 14), end: at(-1, 15.5) });
  state.addEvent({ subject: 'Fabrikam onboarding call', start: at(1, 13), end: at(1, 14), originalStartTimeZone: 'Pacific Standard Time' });
  state.addEvent({ subject: 'Company offsite', start: at(3, 0), end: at(4, 0), isAllDay: true });
  state.addEvent({ subject: 'Cancelled: design sync', start: at(2, 10), end: at(2, 11), isCancelled: true });
  const work = state.calendars.find((calendar) => !calendar.isDefaultCalendar);
  if (work) state.addEvent({ calendarId: work.id, subject: 'Northwind workshop', start: at(2, 15), end: at(2, 17) });
}
