import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCalendar } from '@billops/testing';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';

// The inbox offers meetings that have started: a fixed clock keeps the test independent of today.
const NOW = new Date('2026-03-02T18:00:00Z');
const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganization>>;
let cal: Awaited<ReturnType<typeof insertCalendar>>;
const projects: Record<string, string> = {};
let acme: string;

type Item = {
  id: string;
  title: string;
  suggestion: { project_id: string | null; client_id: string | null; reason: string; source: string; confidence: number } | null;
};
const inbox = async () =>
  (await as(t.app, org.member).get('/api/v1/review?limit=200').expect(200)).body as {
    data: Item[];
    per_day: { date: string; count: number }[];
    total: number;
  };
const item = async (id: string) => (await inbox()).data.find((i) => i.id === id);

beforeAll(async () => {
  t = await createTestApp({}, { now: () => NOW });
  org = await createOrganization(t.app);
  acme = (
    await as(t.app, org.owner)
      .post('/api/v1/clients')
      .send({ name: 'Acme', email_domains: ['acme.com'] })
      .expect(201)
  ).body.id;
  const project = async (code: string, body: Record<string, unknown>) => {
    projects[code] = (
      await as(t.app, org.owner)
        .post('/api/v1/projects')
        .send({ name: code, code, ...body })
        .expect(201)
    ).body.id;
  };
  await project('acme-web', { client_id: acme, keywords: ['website redesign', 'website'] });
  await project('acme-support', { client_id: acme });
  await project('internal', { keywords: ['website'] });
  await project('initech', {});
  cal = await insertCalendar(t.deps, org.member.userId);
});
afterAll(async () => {
  await t.close();
});

describe('suggestions', () => {
  it('suggests the project of earlier instances of the same recurring series first', async () => {
    const earlier = [];
    for (const day of ['02-09', '02-16', '02-23'])
      earlier.push(
        await cal.add({ title: 'Website weekly', start: `2026-${day}T10:00:00Z`, series: 'weekly-1', attendees: ['ann@acme.com'] }),
      );
    const accepted = await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: earlier, project_id: projects.internal })
      .expect(200);
    expect(accepted.body.data.map((o: { status: string }) => o.status)).toEqual(['logged', 'logged', 'logged']);
    const latest = await cal.add({
      title: 'Website weekly',
      start: '2026-03-02T10:00:00Z',
      series: 'weekly-1',
      attendees: ['ann@acme.com'],
    });
    // The title and the attendee would suggest Acme, but the series says what the user chose before.
    expect((await item(latest))?.suggestion).toMatchObject({
      project_id: projects.internal,
      source: 'series',
      reason: 'same series as 3 earlier meetings',
      confidence: 0.9,
    });
  });

  it("uses the organization's rules: the longest title keyword, an attendee's client domain", async () => {
    const keyword = await cal.add({ title: 'Website redesign kickoff', start: '2026-03-01T09:00:00Z', attendees: ['bob@other.org'] });
    const domain = await cal.add({
      title: 'Catch-up',
      start: '2026-03-01T11:00:00Z',
      attendees: ['Ann@EU.acme.com'.toLowerCase(), 'me@example.com'],
    });
    const both = await cal.add({ title: 'Website review', start: '2026-03-01T13:00:00Z', attendees: ['ann@acme.com'] });
    expect((await item(keyword))?.suggestion).toMatchObject({
      project_id: projects['acme-web'],
      client_id: acme,
      source: 'rule',
      reason: 'title mentions "website redesign"',
    });
    // Acme has two projects, so the domain rule names the client only.
    expect((await item(domain))?.suggestion).toMatchObject({
      project_id: null,
      client_id: acme,
      source: 'rule',
      reason: 'attendee @eu.acme.com',
    });
    // "website" is a keyword of two projects: the one of the attendees' client wins.
    expect((await item(both))?.suggestion).toMatchObject({
      project_id: projects['acme-web'],
      reason: 'title mentions "website" and attendee @acme.com',
    });
  });

  it('learns from the meetings already logged with the same external attendees, then the organizer', async () => {
    const past = await cal.add({ title: 'Planning', start: '2026-02-20T15:00:00Z', attendees: ['carol@initech.com', 'dave@initech.com'] });
    await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [past], project_id: projects.initech })
      .expect(200);
    const same = await cal.add({ title: 'Status', start: '2026-03-02T15:00:00Z', attendees: ['dave@initech.com', 'carol@initech.com'] });
    expect((await item(same))?.suggestion).toMatchObject({
      project_id: projects.initech,
      source: 'history',
      reason: '1 earlier meeting with carol@initech.com and 1 other',
    });

    const organized = await cal.add({
      title: 'Intro',
      start: '2026-02-21T15:00:00Z',
      attendees: ['erin@umbrella.io'],
      organizer: 'erin@umbrella.io',
    });
    await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [organized], project_id: projects.initech })
      .expect(200);
    const byOrganizer = await cal.add({
      title: 'Follow-up',
      start: '2026-03-02T16:00:00Z',
      attendees: ['erin@umbrella.io', 'frank@umbrella.io'],
      organizer: 'erin@umbrella.io',
    });
    expect((await item(byOrganizer))?.suggestion).toMatchObject({
      project_id: projects.initech,
      source: 'history',
      reason: '1 earlier meeting organized by erin@umbrella.io',
    });

    const unknown = await cal.add({ title: 'Coffee', start: '2026-03-02T08:00:00Z', attendees: ['zed@nowhere.net'] });
    expect((await item(unknown))?.suggestion).toBeNull();
  });
});

describe('the review inbox', () => {
  it('lists only offered, unconverted, started meetings, newest first, with a count per day', async () => {
    const hidden = await cal.add({ title: 'Declined thing', start: '2026-03-02T12:00:00Z', hiddenReason: 'declined' });
    const cancelled = await cal.add({ title: 'Cancelled thing', start: '2026-03-02T12:30:00Z', cancelled: true });
    const future = await cal.add({ title: 'Tomorrow', start: '2026-03-03T09:00:00Z' });
    const body = await inbox();
    const ids = body.data.map((i) => i.id);
    expect(ids).not.toContain(hidden);
    expect(ids).not.toContain(cancelled);
    expect(ids).not.toContain(future);
    const starts = body.data.map((i) => (i as unknown as { start: string }).start);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(body.total).toBe(body.data.length);
    expect(body.per_day.reduce((sum, d) => sum + d.count, 0)).toBe(body.total);
    expect(body.per_day[0]).toEqual({
      date: '2026-03-02',
      count: body.data.filter((i) => (i as unknown as { start: string }).start.startsWith('2026-03-02')).length,
    });
    // Members only see their own meetings.
    expect((await as(t.app, org.admin).get('/api/v1/review').expect(200)).body.total).toBe(0);
  });

  it('accepts in bulk and idempotently, with the suggestion or an override, refusing per item', async () => {
    const a = await cal.add({ title: 'Website redesign review', start: '2026-02-27T09:00:00Z' });
    const b = await cal.add({ title: 'Catch-up 2', start: '2026-02-27T11:00:00Z', attendees: ['ann@acme.com'] });
    const hidden = await cal.add({ title: 'Out of office', start: '2026-02-27T12:00:00Z', hiddenReason: 'out_of_office' });
    const first = await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [a, b, hidden, MISSING] })
      .expect(200);
    const [logA, logB, refusedHidden, refusedMissing] = first.body.data;
    expect(logA).toMatchObject({
      event_id: a,
      status: 'logged',
      time_entry: { project_id: projects['acme-web'], source: 'calendar', auto: false, duration_seconds: 3600 },
    });
    expect(logB).toMatchObject({ event_id: b, status: 'logged', time_entry: { project_id: null, client_id: acme } });
    expect(refusedHidden).toMatchObject({ event_id: hidden, status: 'refused', reason: 'not_offered' });
    expect(refusedMissing).toMatchObject({ event_id: MISSING, status: 'refused', reason: 'not_found' });

    const again = await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [a], project_id: projects.internal })
      .expect(200);
    expect(again.body.data[0]).toMatchObject({
      status: 'already_logged',
      time_entry: { id: logA.time_entry.id, project_id: projects['acme-web'] },
    });
    const entries = await t.deps.prisma.timeEntry.count({ where: { sourceRef: `calendar:${a}` } });
    expect(entries).toBe(1);

    const c = await cal.add({ title: 'Anything', start: '2026-02-27T14:00:00Z' });
    const override = await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [c], project_id: projects['acme-support'] })
      .expect(200);
    expect(override.body.data[0]).toMatchObject({
      status: 'logged',
      time_entry: { project_id: projects['acme-support'], client_id: acme },
    });
    await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [c], project_id: MISSING })
      .expect(404);
    await as(t.app, org.member).post('/api/v1/review/accept').send({ event_ids: [] }).expect(400);
    const ids = (await inbox()).data.map((i) => i.id);
    expect(ids).not.toContain(a);
    expect(ids).not.toContain(c);
  });

  it('dismisses for good (a re-synced row stays dismissed), a series from an instance on, and restores', async () => {
    const single = await cal.add({ title: 'Chit-chat', start: '2026-02-26T09:00:00Z', providerEventId: 'chit-chat-1' });
    const s1 = await cal.add({ title: 'Lunch', start: '2026-02-23T12:00:00Z', series: 'lunch' });
    const s2 = await cal.add({ title: 'Lunch', start: '2026-02-24T12:00:00Z', series: 'lunch' });
    const s3 = await cal.add({ title: 'Lunch', start: '2026-02-25T12:00:00Z', series: 'lunch' });
    const dismissed = await as(t.app, org.member)
      .post('/api/v1/review/dismiss')
      .send({ event_ids: [single] })
      .expect(200);
    expect(dismissed.body.data).toEqual([{ event_id: single, status: 'dismissed', series: false }]);
    await as(t.app, org.member)
      .post('/api/v1/review/dismiss')
      .send({ event_ids: [s2], series: true })
      .expect(200);
    let ids = (await inbox()).data.map((i) => i.id);
    expect(ids).toContain(s1);
    expect(ids).not.toContain(s2);
    expect(ids).not.toContain(s3);
    expect(ids).not.toContain(single);
    // A later instance synced afterwards is dismissed with its series.
    const s4 = await cal.add({ title: 'Lunch', start: '2026-02-26T12:00:00Z', series: 'lunch' });
    expect((await inbox()).data.map((i) => i.id)).not.toContain(s4);
    // The sync deleting and re-creating the row does not bring it back.
    await t.deps.prisma.syncedCalendarEvent.delete({ where: { id: single } });
    const recreated = await cal.add({ title: 'Chit-chat', start: '2026-02-26T09:00:00Z', providerEventId: 'chit-chat-1' });
    expect((await inbox()).data.map((i) => i.id)).not.toContain(recreated);
    const list = await as(t.app, org.member).get('/api/v1/review/dismissed').expect(200);
    expect(list.body.data.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([recreated, s2, s3, s4]));

    const restored = await as(t.app, org.member)
      .post('/api/v1/review/restore')
      .send({ event_ids: [s3, recreated] })
      .expect(200);
    expect(restored.body.data).toEqual([
      { event_id: s3, status: 'restored', series: true },
      { event_id: recreated, status: 'restored', series: false },
    ]);
    ids = (await inbox()).data.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([s3, s4, recreated]));
    // s2 was dismissed on its own as well, so it stays dismissed.
    expect(ids).not.toContain(s2);
    // A dismissed meeting is refused by accept until restored; a logged one cannot be dismissed.
    const refused = await as(t.app, org.member)
      .post('/api/v1/review/accept')
      .send({ event_ids: [s2] })
      .expect(200);
    expect(refused.body.data[0]).toMatchObject({ status: 'refused', reason: 'dismissed' });
  });

  it('keeps the nudge settings per user (default 17:30, on), validated', async () => {
    expect((await as(t.app, org.member).get('/api/v1/review/settings').expect(200)).body).toMatchObject({
      nudge_enabled: true,
      nudge_time: '17:30',
    });
    await as(t.app, org.member).patch('/api/v1/review/settings').send({ nudge_time: '25:00' }).expect(400);
    const off = await as(t.app, org.member)
      .patch('/api/v1/review/settings')
      .send({ nudge_enabled: false, nudge_time: '08:05' })
      .expect(200);
    expect(off.body).toMatchObject({ nudge_enabled: false, nudge_time: '08:05' });
  });
});
