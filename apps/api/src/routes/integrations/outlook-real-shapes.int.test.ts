import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '@billops/sandbox';
import { calendarSettled, registerUser, type TestApp } from '../../testing/harness.ts';
import { startTestStack, type TestStack } from '../../testing/stack.ts';

/**
 * Issue 12 on Outlook, end to end: what real Graph sends (Windows time zones, all-day items in their
 * own zone, unmappable items, partial delta rows, bare occurrences, invitations and free/busy) goes
 * through the API's sync request, a real worker job, the Graph provider, the sandbox and PostgreSQL.
 */
let sandbox: RunningSandbox;
let t: TestApp;
let stack: TestStack;

const DAY = 86_400_000;
const ME = 'sandbox.user@contoso.test';
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const ms = () => sandbox.microsoft.state;
/** A whole-minute UTC instant `days` from now at hh:mm, inside the sync window. */
const at = (days: number, hour: number, minute = 0) => {
  const date = new Date(Date.now() + days * DAY);
  date.setUTCHours(hour, minute, 0, 0);
  return date;
};

type ApiEvent = {
  id: string;
  provider_event_id: string;
  calendar_id: string;
  title: string;
  description: string | null;
  start: string;
  end: string;
  offered: boolean;
  hidden_reason: string | null;
  markers: string[];
  self_response: string | null;
  is_organizer: boolean;
  show_as: string;
  attendee_emails: string[];
  organizer_email: string | null;
  ical_uid: string | null;
  has_online_meeting: boolean;
  needs_review: boolean;
};

/** A fresh user connected to a fresh (empty) sandbox mailbox, with its calendars selected. */
async function connect() {
  const user = await registerUser(t.app);
  const res = await request(t.app).get('/api/v1/integrations/microsoft/authorize').set(auth(user.token)).expect(200);
  const consent = await fetch(res.body.auth_url as string, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  await request(t.app)
    .post('/api/v1/integrations/microsoft/callback')
    .set(auth(user.token))
    .send({ state: res.body.state, code })
    .expect(200);
  const select = async (providerCalendarId: string) => {
    const selected = await request(t.app)
      .post('/api/v1/integrations/microsoft/select-calendar')
      .set(auth(user.token))
      .send({ calendar_id: providerCalendarId })
      .expect(200);
    const calendarId = selected.body.calendar_id as string;
    await calendarSettled(t, calendarId);
    return {
      calendarId,
      sync: async () =>
        (await request(t.app).post(`/api/v1/integrations/microsoft/${calendarId}/sync`).set(auth(user.token)).expect(200)).body as Record<
          string,
          number | string
        >,
    };
  };
  const events = async (query: Record<string, string> = {}) =>
    (
      await request(t.app)
        .get('/api/v1/calendar-events')
        .query({ limit: 200, ...query })
        .set(auth(user.token))
        .expect(200)
    ).body.data as ApiEvent[];
  const byTitle = async (title: string) => (await events({ include_hidden: 'true' })).find((e) => e.title === title);
  const convert = (body: object) => request(t.app).post('/api/v1/calendar-events/convert').set(auth(user.token)).send(body);
  return { user, select, events, byTitle, convert, main: await select(ms().defaultCalendar.id) };
}

beforeAll(async () => {
  stack = await startTestStack({ SYNC_WAIT_MS: '10000' }, { PROVIDER_RETRY_BASE_DELAY_MS: '10' });
  ({ sandbox, t } = stack);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  ms().reset();
});

describe('Outlook as real Graph sends it', () => {
  it('converts Windows-zoned times exactly, ignores all-day times, skips one unmappable item and still moves the cursor', async () => {
    const c = await connect();
    ms().timedEventsInOwnZone = true;
    const pacific = ms().addEvent({
      subject: 'Pacific call',
      start: at(1, 17),
      end: at(1, 18, 30),
      originalStartTimeZone: 'Pacific Standard Time',
    });
    const berlin = ms().addEvent({
      subject: 'Berlin review',
      start: at(2, 8, 15),
      end: at(2, 9),
      originalStartTimeZone: 'W. Europe Standard Time',
    });
    const india = ms().addEvent({
      subject: 'Pune standup',
      start: at(3, 4, 30),
      end: at(3, 5),
      originalStartTimeZone: 'India Standard Time',
    });
    ms().addEvent({
      subject: 'Holiday',
      start: at(4, 0),
      end: at(5, 0),
      isAllDay: true,
      originalStartTimeZone: 'tzone://Microsoft/Custom',
    });
    const broken = ms().addEvent({
      subject: 'Legacy custom zone',
      start: at(5, 10),
      end: at(5, 11),
      originalStartTimeZone: 'tzone://Microsoft/Custom',
    });

    expect(await c.main.sync()).toMatchObject({ status: 'success', new_events: 3 });
    const events = await c.events({ include_hidden: 'true' });
    const instants = Object.fromEntries(events.map((e) => [e.provider_event_id, [e.start, e.end]]));
    expect(instants).toEqual({
      [pacific.id]: [at(1, 17).toISOString(), at(1, 18, 30).toISOString()],
      [berlin.id]: [at(2, 8, 15).toISOString(), at(2, 9).toISOString()],
      [india.id]: [at(3, 4, 30).toISOString(), at(3, 5).toISOString()],
    });
    const [calendar] = (await request(t.app).get('/api/v1/calendars').set(auth(c.user.token)).expect(200)).body.data as Record<
      string,
      unknown
    >[];
    expect(calendar).toMatchObject({ sync_status: 'succeeded', skipped_events: 1, first_skip_error: expect.stringContaining(broken.id) });
    expect(calendar!.first_skip_error).toContain('tzone://Microsoft/Custom');

    // The cursor moved past the bad item: the next round only brings what changed since.
    const later = ms().addEvent({
      subject: 'Added later',
      start: at(6, 9),
      end: at(6, 10),
      originalStartTimeZone: 'Eastern Standard Time',
    });
    expect(await c.main.sync()).toMatchObject({ status: 'success', new_events: 1 });
    expect((await c.byTitle('Added later'))?.start).toBe(at(6, 9).toISOString());
    expect(later.id).toBeTruthy();
  });

  it('merges partial delta rows into the stored event and completes an unknown one with GET /me/events/{id}', async () => {
    const c = await connect();
    const alpha = ms().addEvent({
      subject: 'Alpha',
      bodyPreview: 'Agenda: scope',
      start: at(1, 9),
      end: at(1, 10),
      originalStartTimeZone: 'Pacific Standard Time',
    });
    const bravo = ms().addEvent({ subject: 'Bravo', start: at(90, 9), end: at(90, 10) }); // outside the window for now
    await c.main.sync();

    ms().updateEvent(alpha.id, { subject: 'Alpha v2' });
    await c.main.sync();
    expect(await c.byTitle('Alpha v2')).toMatchObject({
      description: 'Agenda: scope',
      start: at(1, 9).toISOString(),
      end: at(1, 10).toISOString(),
    });

    ms().updateEvent(alpha.id, { start: at(1, 11), end: at(1, 12) });
    const before = ms().counters['graph:event'] ?? 0;
    await c.main.sync();
    expect(await c.byTitle('Alpha v2')).toMatchObject({
      description: 'Agenda: scope',
      start: at(1, 11).toISOString(),
      end: at(1, 12).toISOString(),
    });
    const row = await t.db.prisma.syncedCalendarEvent.findFirstOrThrow({ where: { providerEventId: alpha.id } });
    expect(row.eventTimeZone).toBe('Pacific Standard Time');
    expect(ms().counters['graph:event'] ?? 0).toBe(before);

    // Moved into the window: the row carries only the new times, for an id we never stored.
    ms().updateEvent(bravo.id, { start: at(2, 14), end: at(2, 15) });
    await c.main.sync();
    expect(await c.byTitle('Bravo')).toMatchObject({ start: at(2, 14).toISOString(), offered: true });
    expect(ms().counters['graph:event']).toBe(before + 1);
    expect(await t.db.prisma.syncedCalendarEvent.count({ where: { eventTitle: '' } })).toBe(0);
  });

  it("gives bare occurrences their master's title and attendees (one read per master per pass), never stores a master", async () => {
    const c = await connect();
    const { master, occurrences } = ms().addSeries({
      subject: 'Weekly sync',
      bodyPreview: 'Status round',
      start: at(1, 8),
      end: at(1, 8, 30),
      count: 4,
      attendees: [
        { address: ME, response: 'accepted' },
        { address: 'lead@fabrikam.test', response: 'accepted' },
      ],
      organizer: { address: 'lead@fabrikam.test' },
      response: 'accepted',
      isOnlineMeeting: true,
    });
    await c.main.sync();
    const rows = await t.db.prisma.syncedCalendarEvent.findMany({
      where: { calendarId: c.main.calendarId },
      orderBy: { eventStart: 'asc' },
    });
    expect(rows.map((r) => r.providerEventId)).toEqual(occurrences.map((o) => o.id));
    for (const r of rows) {
      expect(r).toMatchObject({
        eventTitle: 'Weekly sync',
        eventDescription: 'Status round',
        recurringEventId: master.id,
        attendeeEmails: ['lead@fabrikam.test'],
        selfResponse: 'accepted',
        hasOnlineMeeting: true,
        hiddenReason: null,
      });
    }
    expect(ms().counters['graph:event']).toBe(1);
    expect(await t.db.prisma.syncedCalendarEvent.count({ where: { providerEventId: master.id } })).toBe(0);
  });

  it('hides declined, away, elsewhere and free events with a reason; convert needs force for them; preferences re-classify', async () => {
    const c = await connect();
    const invite = (from: string, response: 'accepted' | 'tentativelyAccepted' | 'notResponded' | 'declined') => ({
      organizer: { address: from },
      attendees: [
        { address: ME, response },
        { address: from, response: 'accepted' as const },
      ],
      response,
    });
    ms().addEvent({ subject: 'Declined pitch', start: at(1, 9), end: at(1, 10), ...invite('sales@northwind.test', 'declined') });
    ms().addEvent({
      subject: 'Maybe',
      start: at(1, 11),
      end: at(1, 12),
      showAs: 'tentative',
      ...invite('lead@fabrikam.test', 'tentativelyAccepted'),
    });
    ms().addEvent({ subject: 'Not answered', start: at(1, 13), end: at(1, 14), ...invite('intro@tailspin.test', 'notResponded') });
    ms().addEvent({ subject: 'Dentist', start: at(2, 13), end: at(2, 17), showAs: 'oof' });
    ms().addEvent({ subject: 'Working from home', start: at(2, 8), end: at(2, 12), showAs: 'workingElsewhere' });
    ms().addEvent({ subject: 'Lunch', start: at(2, 12), end: at(2, 13), showAs: 'free' });
    ms().addEvent({
      subject: 'Client workshop',
      start: at(3, 9),
      end: at(3, 12),
      attendees: [
        { address: 'CTO@Contoso-Client.test' },
        { address: 'dev@fabrikam.test' },
        { address: 'room-2@contoso.test', type: 'resource' },
      ],
      isOnlineMeeting: true,
    });
    ms().addEvent({ subject: 'Prep', start: at(3, 13), end: at(3, 14) });
    await c.main.sync();

    const offered = await c.events();
    expect(offered.map((e) => [e.title, e.markers])).toEqual([
      ['Maybe', ['tentative']],
      ['Not answered', ['unanswered']],
      ['Client workshop', []],
      ['Prep', ['solo']],
    ]);
    expect(offered.find((e) => e.title === 'Client workshop')).toMatchObject({
      is_organizer: true,
      self_response: null,
      attendee_emails: ['cto@contoso-client.test', 'dev@fabrikam.test'],
      organizer_email: ME,
      has_online_meeting: true,
    });
    expect(offered.find((e) => e.title === 'Maybe')).toMatchObject({
      self_response: 'tentative',
      show_as: 'tentative',
      attendee_emails: ['lead@fabrikam.test'],
      organizer_email: 'lead@fabrikam.test',
    });
    const all = await c.events({ include_hidden: 'true' });
    expect(Object.fromEntries(all.filter((e) => !e.offered).map((e) => [e.title, e.hidden_reason]))).toEqual({
      'Declined pitch': 'declined',
      Dentist: 'out_of_office',
      'Working from home': 'working_location',
      Lunch: 'free',
    });

    const declined = all.find((e) => e.title === 'Declined pitch')!;
    const dentist = all.find((e) => e.title === 'Dentist')!;
    const workshop = all.find((e) => e.title === 'Client workshop')!;
    const refused = await c.convert({ event_ids: [workshop.id, declined.id, dentist.id] }).expect(409);
    expect(refused.body.error).toMatchObject({ reason: 'event_hidden' });
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ event_id: declined.id, hidden_reason: 'declined' }),
      expect.objectContaining({ event_id: dentist.id, hidden_reason: 'out_of_office' }),
    ]);
    expect(await t.db.prisma.timeEntry.count({ where: { userId: c.user.userId } })).toBe(0);
    const single = await request(t.app).post(`/api/v1/calendar-events/${dentist.id}/convert`).set(auth(c.user.token)).send({}).expect(409);
    expect(single.body.error.details).toEqual([expect.objectContaining({ event_id: dentist.id, hidden_reason: 'out_of_office' })]);
    const forced = await request(t.app)
      .post(`/api/v1/calendar-events/${dentist.id}/convert`)
      .set(auth(c.user.token))
      .send({ force: true })
      .expect(201);
    expect(forced.body.duration_seconds).toBe(4 * 3600);

    const preferences = await request(t.app)
      .patch('/api/v1/calendar-preferences')
      .set(auth(c.user.token))
      .send({ offer_free_events: true })
      .expect(200);
    expect(preferences.body).toEqual({ offer_focus_time: false, offer_free_events: true });
    expect((await c.events()).map((e) => e.title)).toContain('Lunch');
    await request(t.app).patch('/api/v1/calendar-preferences').set(auth(c.user.token)).send({ offer_free_events: 'yes' }).expect(400);
    // A sync after the change keeps the new classification.
    ms().addEvent({ subject: 'Coffee', start: at(4, 9), end: at(4, 10), showAs: 'free' });
    await c.main.sync();
    expect((await c.events()).map((e) => e.title)).toEqual(expect.arrayContaining(['Lunch', 'Coffee']));
  });

  it('offers the same meeting on two calendars once, and flags a converted meeting declined upstream for review', async () => {
    const c = await connect();
    const work = ms().calendars.find((calendar) => !calendar.isDefaultCalendar)!;
    const second = await c.select(work.id);
    const meeting = {
      subject: 'Steering committee',
      start: at(2, 10),
      end: at(2, 11),
      organizer: { address: 'ceo@contoso-client.test' },
      attendees: [{ address: ME, response: 'accepted' as const }],
      response: 'accepted' as const,
    };
    const onMain = ms().addEvent(meeting);
    ms().addEvent({ ...meeting, calendarId: work.id, iCalUId: onMain.iCalUId });
    await c.main.sync();
    await second.sync();

    const offered = (await c.events()).filter((e) => e.title === 'Steering committee');
    expect(offered).toHaveLength(1);
    const copies = (await c.events({ include_hidden: 'true' })).filter((e) => e.title === 'Steering committee');
    expect(copies.map((e) => e.hidden_reason).sort()).toEqual(['duplicate', null]);
    expect(new Set(copies.map((e) => e.ical_uid))).toEqual(new Set([onMain.iCalUId]));

    const kept = offered[0]!;
    await request(t.app).post(`/api/v1/calendar-events/${kept.id}/convert`).set(auth(c.user.token)).send({}).expect(201);
    const upstream = ms().events.get(kept.provider_event_id)!;
    ms().updateEvent(upstream.id, { response: 'declined' });
    await (kept.calendar_id === c.main.calendarId ? c.main : second).sync();
    const after = (await c.events({ include_hidden: 'true' })).find((e) => e.id === kept.id);
    expect(after).toMatchObject({ hidden_reason: 'declined', self_response: 'declined', needs_review: true });
  });
});
