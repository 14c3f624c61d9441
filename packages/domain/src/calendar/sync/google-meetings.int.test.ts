import { describe, expect, it } from 'vitest';
import { insertOrganization } from '@billops/testing';
import { connectGoogle, isoIn, useGoogleSandboxContext } from '@billops/testing/domain';
import { convertEvents } from '../convert-events.ts';
import { selectCalendar } from '../integrations.ts';
import { listCalendarEvents } from '../list-events.ts';
import { updateCalendarPreferences } from '../preferences.ts';
import { syncCalendar } from './sync-calendar.ts';

/**
 * Issue 12 on Google through the sync engine: the Google provider against the
 * sandbox's Events resources (attendees[self], organizer, transparency, eventType, Meet links,
 * iCalUID, offset-less dateTime + timeZone), stored and classified in PostgreSQL.
 */
const w = useGoogleSandboxContext();
let counter = 0;

/** A fresh user whose primary calendar (id = their address, so attendees[].self works) is selected. */
async function setup(timeZone = 'Europe/Berlin') {
  counter += 1;
  const email = `owner${counter}-${Date.now()}@example.com`;
  await w.control('POST', '/calendars', { id: email, summary: email, timeZone, primary: true });
  const user = await insertOrganization(w.harness.ctx);
  await connectGoogle(w.harness.ctx, user, email);
  const select = (providerCalendarId: string) =>
    selectCalendar(w.harness.ctx, { userId: user.userId, provider: 'google', providerCalendarId });
  const primary = await select(email);
  const add = (calendarId: string, body: Record<string, unknown>) =>
    w.control<{ event: { id: string } }>('POST', `/calendars/${encodeURIComponent(calendarId)}/events`, body);
  const sync = (calendarId: string, now?: Date) =>
    syncCalendar(now ? { ...w.harness.ctx, now: () => now } : w.harness.ctx, calendarId, {
      mode: 'incremental',
      claimId: 'google-meetings',
    });
  const rows = () =>
    w.harness.ctx.prisma.syncedCalendarEvent.findMany({ where: { userId: user.userId }, orderBy: [{ eventStart: 'asc' }, { id: 'asc' }] });
  const byTitle = async (title: string) => (await rows()).filter((r) => r.eventTitle === title);
  return { email, user, primary, select, add, sync, rows, byTitle };
}

const at = (hours: number, summary: string, extra: Record<string, unknown> = {}) => ({
  summary,
  start: { dateTime: isoIn(hours) },
  end: { dateTime: isoIn(hours + 1) },
  ...extra,
});

describe('Google meetings through the sync engine', () => {
  it('converts an offset-less dateTime in its timeZone exactly across the DST change', async () => {
    const s = await setup('America/New_York');
    const local = (date: string, summary: string) => ({
      summary,
      start: { dateTime: `${date}T03:30:00`, timeZone: 'America/New_York' },
      end: { dateTime: `${date}T04:30:00`, timeZone: 'America/New_York' },
    });
    await s.add(s.email, local('2026-03-07', 'Before the change'));
    await s.add(s.email, local('2026-03-08', 'After the change'));
    // The sync window follows the context's clock, so this test does not depend on today's date.
    await s.sync(s.primary.id, new Date('2026-03-05T12:00:00Z'));
    const rows = await s.rows();
    expect(rows.map((r) => [r.eventTitle, r.eventStart.toISOString(), r.eventEnd.toISOString(), r.eventTimeZone])).toEqual([
      ['Before the change', '2026-03-07T08:30:00.000Z', '2026-03-07T09:30:00.000Z', 'America/New_York'],
      ['After the change', '2026-03-08T07:30:00.000Z', '2026-03-08T08:30:00.000Z', 'America/New_York'],
    ]);
  });

  it('stores meeting facts; hides declined, away, focus time, working location, free; marks tentative, unanswered, solo', async () => {
    const s = await setup();
    const invitation = (from: string, answer: string) => ({
      organizer: { email: from },
      attendees: [
        { email: from, organizer: true, responseStatus: 'accepted' },
        { email: s.email, responseStatus: answer },
        { email: 'peer@globex.test', responseStatus: 'accepted' },
      ],
    });
    await s.add(s.email, at(2, 'Accepted review', { ...invitation('pm@acme.test', 'accepted'), meet: true }));
    await s.add(s.email, at(4, 'Declined pitch', invitation('sales@initech.test', 'declined')));
    await s.add(s.email, at(6, 'Tentative call', invitation('ap@globex.test', 'tentative')));
    await s.add(s.email, at(8, 'Unanswered demo', invitation('vendor@umbrella.test', 'needsAction')));
    await s.add(s.email, at(10, 'Out of office', { eventType: 'outOfOffice' }));
    await s.add(s.email, at(12, 'Focus time', { eventType: 'focusTime' }));
    await s.add(s.email, at(14, 'Home', { eventType: 'workingLocation', transparency: 'transparent' }));
    await s.add(s.email, at(16, 'Gym', { transparency: 'transparent' }));
    await s.add(
      s.email,
      at(18, 'Own planning', {
        attendees: [
          { email: s.email, organizer: true, responseStatus: 'accepted' },
          { email: 'Dev@Acme.test' },
          { email: 'c_1@resource.calendar.google.com', resource: true },
        ],
      }),
    );
    await s.add(s.email, at(20, 'Solo prep'));
    await s.sync(s.primary.id);

    const facts = Object.fromEntries((await s.rows()).map((r) => [r.eventTitle, [r.hiddenReason, r.markers]]));
    expect(facts).toEqual({
      'Accepted review': [null, []],
      'Declined pitch': ['declined', []],
      'Tentative call': [null, ['tentative']],
      'Unanswered demo': [null, ['unanswered']],
      'Out of office': ['out_of_office', []],
      'Focus time': ['focus_time', []],
      Home: ['working_location', []],
      Gym: ['free', []],
      'Own planning': [null, []],
      'Solo prep': [null, ['solo']],
    });
    const [review] = await s.byTitle('Accepted review');
    expect(review).toMatchObject({
      selfResponse: 'accepted',
      isOrganizer: false,
      showAs: 'busy',
      eventType: 'default',
      attendeeEmails: ['peer@globex.test', 'pm@acme.test'],
      organizerEmail: 'pm@acme.test',
      hasOnlineMeeting: true,
    });
    expect(review!.iCalUid).toMatch(/@google\.com$/);
    const [planning] = await s.byTitle('Own planning');
    expect(planning).toMatchObject({
      selfResponse: null,
      isOrganizer: true,
      attendeeEmails: ['dev@acme.test'],
      organizerEmail: s.email,
      hasOnlineMeeting: false,
    });

    // The user bills deep work: focus time is offered from now on, and stays so after the next sync.
    await updateCalendarPreferences(w.harness.ctx, s.user.userId, { offerFocusTime: true });
    expect((await s.byTitle('Focus time'))[0]).toMatchObject({ hiddenReason: null, markers: ['solo'] });
    await s.add(s.email, at(22, 'More focus', { eventType: 'focusTime' }));
    await s.sync(s.primary.id);
    expect((await s.byTitle('More focus'))[0]?.hiddenReason).toBeNull();
    const listed = await listCalendarEvents(w.harness.ctx, { userId: s.user.userId, limit: 50 });
    expect(listed.events.map((e) => e.eventTitle)).not.toContain('Declined pitch');
  });

  it('offers the same meeting on two calendars once, and offers the other copy again when the first is gone', async () => {
    // Created before connecting: the account's calendar list is read when it connects.
    const team = `team${counter}-${Date.now()}@group.calendar.google.com`;
    await w.control('POST', '/calendars', { id: team, summary: 'Team', timeZone: 'Europe/Berlin' });
    const s = await setup();
    const teamIntegration = await s.select(team);
    const meeting = at(30, 'Steering committee', {
      iCalUID: `steering-${counter}@acme.test`,
      organizer: { email: 'ceo@acme.test' },
      attendees: [{ email: s.email, responseStatus: 'accepted' }],
    });
    const first = await s.add(s.email, meeting);
    await s.add(team, meeting);
    await s.sync(s.primary.id);
    await s.sync(teamIntegration.id);
    const copies = await s.byTitle('Steering committee');
    expect(copies.map((r) => [r.calendarId, r.hiddenReason])).toEqual(
      expect.arrayContaining([
        [s.primary.id, null],
        [teamIntegration.id, 'duplicate'],
      ]),
    );
    const offered = await listCalendarEvents(w.harness.ctx, { userId: s.user.userId, limit: 50 });
    expect(offered.events.filter((e) => e.eventTitle === 'Steering committee')).toHaveLength(1);

    await w.control('DELETE', `/calendars/${encodeURIComponent(s.email)}/events/${first.event.id}`);
    await s.sync(s.primary.id);
    const after = await s.byTitle('Steering committee');
    expect(after.map((r) => [r.calendarId, r.isCancelled, r.hiddenReason])).toEqual(
      expect.arrayContaining([
        [s.primary.id, true, 'cancelled'],
        [teamIntegration.id, false, null],
      ]),
    );
  });

  it('skips an item it cannot map, counts it on the calendar, applies the rest and moves the cursor', async () => {
    const s = await setup();
    const bad = await s.add(s.email, {
      summary: 'Unknown zone',
      start: { dateTime: isoIn(5).slice(0, 19), timeZone: 'Mars/Olympus_Mons' },
      end: { dateTime: isoIn(6).slice(0, 19), timeZone: 'Mars/Olympus_Mons' },
    });
    await s.add(s.email, at(7, 'Good meeting'));
    const result = await s.sync(s.primary.id);
    expect(result).toMatchObject({ newEvents: 1 });
    expect((await s.rows()).map((r) => r.eventTitle)).toEqual(['Good meeting']);
    const calendar = await w.harness.ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: s.primary.id } });
    expect(calendar).toMatchObject({ syncStatus: 'succeeded', skippedEvents: 1, firstSkipError: expect.stringContaining(bad.event.id) });
    expect(calendar.syncCursor).toBeTruthy();
    await s.add(s.email, at(9, 'Next one'));
    expect(await s.sync(s.primary.id)).toMatchObject({ fullPass: false, newEvents: 1 });
  });

  it('flags a converted meeting for review when the user declines it upstream, and refuses to convert it again as new', async () => {
    const s = await setup();
    const created = await s.add(
      s.email,
      at(3, 'Board meeting', { organizer: { email: 'chair@acme.test' }, attendees: [{ email: s.email, responseStatus: 'accepted' }] }),
    );
    await s.sync(s.primary.id);
    const [row] = await s.byTitle('Board meeting');
    const actor = { userId: s.user.userId, organizationId: s.user.organizationId, role: 'owner' as const };
    await convertEvents(w.harness.ctx, actor, [row!.id]);
    await w.control('PATCH', `/calendars/${encodeURIComponent(s.email)}/events/${created.event.id}`, {
      attendees: [{ email: s.email, responseStatus: 'declined' }],
    });
    await s.sync(s.primary.id);
    expect((await s.byTitle('Board meeting'))[0]).toMatchObject({ selfResponse: 'declined', hiddenReason: 'declined', needsReview: true });
    // Its entry exists already: converting again returns it instead of refusing.
    expect((await convertEvents(w.harness.ctx, actor, [row!.id]))[0]?.created).toBe(false);
  });
});
