import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { Prisma, queryRows, withTransaction, type TimeEntry } from '@billops/db';
import { TIME_ENTRY_COLUMNS, relayOutbox } from '@billops/domain';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const FIELDS = [
  'id',
  'user_id',
  'project_id',
  'client_id',
  'description',
  'started_at',
  'ended_at',
  'duration_seconds',
  'billable',
  'source',
  'auto',
  'invoice_id',
  'created_at',
  'updated_at',
];

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganization>>;
let other: Awaited<ReturnType<typeof createOrganization>>;
let clientId: string;
let projectId: string;
beforeAll(async () => {
  t = await createTestApp();
  [org, other] = await Promise.all([createOrganization(t.app), createOrganization(t.app)]);
  clientId = (await as(t.app, org.owner).post('/api/v1/clients').send({ name: 'Acme' }).expect(201)).body.id;
  projectId = (
    await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Web', code: 'web', client_id: clientId, hourly_rate_cents: 10_000 })
      .expect(201)
  ).body.id;
});
afterAll(async () => {
  await t.close();
});

const entry = (start: string, minutes: number, extra: Record<string, unknown> = {}) => ({
  started_at: start,
  ended_at: new Date(new Date(start).getTime() + minutes * 60_000).toISOString(),
  ...extra,
});

describe('time entries: create, get, update, delete', () => {
  it('logs time with snake_case fields; the project decides the client and the duration is derived', async () => {
    const res = await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-05T09:00:00Z', 90, { project_id: projectId, description: 'Kickoff' }))
      .expect(201);
    expect(Object.keys(res.body).sort()).toEqual([...FIELDS].sort());
    expect(res.body).toMatchObject({
      user_id: org.member.userId,
      project_id: projectId,
      client_id: clientId,
      duration_seconds: 5400,
      billable: true,
      source: 'manual',
      invoice_id: null,
    });
    // The "time entry created" notification is recorded with the entry and relayed once, keyed by the entry.
    expect((await relayOutbox(t.deps)).relayed).toBe(1);
    const job = await t.deps.queues.queues.notifications.getJob(`time-entry-created-${res.body.id}`);
    expect(job?.data).toEqual({ timeEntryId: res.body.id });

    const got = await as(t.app, org.member).get(`/api/v1/time-entries/${res.body.id}`).expect(200);
    expect(got.body).toEqual(res.body);

    const updated = await as(t.app, org.member)
      .patch(`/api/v1/time-entries/${res.body.id}`)
      .send({ ended_at: '2026-01-05T11:00:00Z', billable: false, description: 'Kickoff call' })
      .expect(200);
    expect(updated.body).toMatchObject({ duration_seconds: 7200, billable: false, description: 'Kickoff call', client_id: clientId });
    const unassigned = await as(t.app, org.member).patch(`/api/v1/time-entries/${res.body.id}`).send({ project_id: null }).expect(200);
    expect(unassigned.body).toMatchObject({ project_id: null, client_id: null });

    await as(t.app, org.member).delete(`/api/v1/time-entries/${res.body.id}`).expect(204);
    await as(t.app, org.member).get(`/api/v1/time-entries/${res.body.id}`).expect(404);
  });

  it('400s for bad bodies: missing/invalid fields, end before start, longer than 24 h', async () => {
    const res = await as(t.app, org.member).post('/api/v1/time-entries').send({ started_at: 'yesterday', project_id: 'x' }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['ended_at', 'project_id', 'started_at']);
    const backwards = await as(t.app, org.member).post('/api/v1/time-entries').send(entry('2026-01-05T09:00:00Z', -30)).expect(400);
    expect(backwards.body.error.details[0].path).toBe('ended_at');
    await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-05T09:00:00Z', 25 * 60))
      .expect(400);
    const mine = await as(t.app, org.member).post('/api/v1/time-entries').send(entry('2026-01-05T09:00:00Z', 30)).expect(201);
    await as(t.app, org.member).patch(`/api/v1/time-entries/${mine.body.id}`).send({ started_at: '2026-01-05T10:00:00Z' }).expect(400);
    await as(t.app, org.member).patch(`/api/v1/time-entries/${mine.body.id}`).send({ billable: 'yes' }).expect(400);
  });

  it("404s for another organization's project/client, 409 for an archived project, 401 without a token", async () => {
    const theirClient = await as(t.app, other.owner).post('/api/v1/clients').send({ name: 'Theirs' }).expect(201);
    const theirProject = await as(t.app, other.owner).post('/api/v1/projects').send({ name: 'Theirs', code: 'theirs' }).expect(201);
    await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-06T09:00:00Z', 30, { project_id: theirProject.body.id }))
      .expect(404);
    await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-06T09:00:00Z', 30, { client_id: theirClient.body.id }))
      .expect(404);
    const mine = await as(t.app, org.member).post('/api/v1/time-entries').send(entry('2026-01-06T09:00:00Z', 30)).expect(201);
    await as(t.app, org.member).patch(`/api/v1/time-entries/${mine.body.id}`).send({ project_id: theirProject.body.id }).expect(404);
    await as(t.app, org.member).patch(`/api/v1/time-entries/${mine.body.id}`).send({ client_id: theirClient.body.id }).expect(404);

    const archived = await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Old', code: 'old' }).expect(201);
    await as(t.app, org.owner).post(`/api/v1/projects/${archived.body.id}/archive`).expect(200);
    const res = await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-06T09:00:00Z', 30, { project_id: archived.body.id }))
      .expect(409);
    expect(res.body.error.reason).toBe('project_archived');

    await request(t.app).post('/api/v1/time-entries').send(entry('2026-01-06T09:00:00Z', 30)).expect(401);
    await request(t.app).get(`/api/v1/time-entries/${mine.body.id}`).expect(401);
  });

  it("members touch only their own entries (403); admins touch everyone's; other organizations get 404", async () => {
    const membersEntry = await as(t.app, org.member).post('/api/v1/time-entries').send(entry('2026-01-07T09:00:00Z', 30)).expect(201);
    const adminsEntry = await as(t.app, org.admin).post('/api/v1/time-entries').send(entry('2026-01-07T10:00:00Z', 30)).expect(201);
    const id = adminsEntry.body.id;
    await as(t.app, org.member).get(`/api/v1/time-entries/${id}`).expect(403);
    await as(t.app, org.member).patch(`/api/v1/time-entries/${id}`).send({ description: 'mine now' }).expect(403);
    await as(t.app, org.member).delete(`/api/v1/time-entries/${id}`).expect(403);
    await as(t.app, org.admin).get(`/api/v1/time-entries/${membersEntry.body.id}`).expect(200);
    await as(t.app, org.owner).patch(`/api/v1/time-entries/${membersEntry.body.id}`).send({ description: 'fixed by owner' }).expect(200);

    for (const target of [MISSING, id]) {
      await as(t.app, other.owner).get(`/api/v1/time-entries/${target}`).expect(404);
      await as(t.app, other.owner).patch(`/api/v1/time-entries/${target}`).send({ description: 'x' }).expect(404);
      await as(t.app, other.owner).delete(`/api/v1/time-entries/${target}`).expect(404);
    }
    expect((await as(t.app, org.admin).get(`/api/v1/time-entries/${id}`).expect(200)).body.description).toBe('');
  });

  it('lets admins log time for a member, but not members for others or admins for strangers', async () => {
    const res = await as(t.app, org.admin)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-08T09:00:00Z', 15, { user_id: org.member.userId }))
      .expect(201);
    expect(res.body.user_id).toBe(org.member.userId);
    await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-08T09:00:00Z', 15, { user_id: org.admin.userId }))
      .expect(403);
    await as(t.app, org.admin)
      .post('/api/v1/time-entries')
      .send(entry('2026-01-08T09:00:00Z', 15, { user_id: other.member.userId }))
      .expect(404);
  });

  it('freezes invoiced entries: update and delete answer 409', async () => {
    const res = await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-02-02T09:00:00Z', 60, { project_id: projectId }))
      .expect(201);
    const invoice = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send({ client_id: clientId, from: '2026-02-01T00:00:00Z', to: '2026-02-03T00:00:00Z' })
      .expect(201);
    const got = await as(t.app, org.member).get(`/api/v1/time-entries/${res.body.id}`).expect(200);
    expect(got.body.invoice_id).toBe(invoice.body.id);
    const patch = await as(t.app, org.member)
      .patch(`/api/v1/time-entries/${res.body.id}`)
      .send({ description: 'rewrite history' })
      .expect(409);
    expect(patch.body.error.reason).toBe('invoiced');
    await as(t.app, org.owner).delete(`/api/v1/time-entries/${res.body.id}`).expect(409);
  });
});

describe('time entries racing an invoice', () => {
  it('an edit that waits on an invoice claiming the entry gets 409, never a silently stale invoice', async () => {
    const id = (
      await as(t.app, org.member)
        .post('/api/v1/time-entries')
        .send(entry('2026-09-01T09:00:00Z', 60, { project_id: projectId }))
        .expect(201)
    ).body.id;
    const invoice = await t.db.prisma.invoice.create({
      data: {
        organizationId: org.owner.organizationId,
        clientId,
        number: 'RACE-1',
        currency: 'USD',
        totalCents: 0,
        periodStart: new Date('2026-09-01'),
        periodEnd: new Date('2026-09-02'),
      },
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let claimed!: () => void;
    const claimedSignal = new Promise<void>((resolve) => (claimed = resolve));
    // An invoice transaction that has claimed the entry but not committed yet.
    const claim = withTransaction(
      t.db.prisma,
      async (tx) => {
        await tx.timeEntry.update({ where: { id }, data: { invoiceId: invoice.id } });
        claimed();
        await released;
      },
      { timeoutMs: 20_000 },
    );
    await claimedSignal;

    const edit = as(t.app, org.member)
      .patch(`/api/v1/time-entries/${id}`)
      .send({ ended_at: '2026-09-01T12:00:00Z' })
      .then((res) => res);
    // Commit the claim only once the edit is blocked on the row lock.
    await eventually(
      async () => {
        const waiting = await queryRows<{ n: number }>(
          t.db.prisma,
          Prisma.sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return waiting[0]!.n > 0;
      },
      { intervalMs: 20, what: 'the edit to wait on the row lock' },
    );
    release();
    await claim;
    const res = await edit;
    expect(res.status).toBe(409);
    expect(res.body.error.reason).toBe('invoiced');
    const row = await t.db.prisma.timeEntry.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ invoiceId: invoice.id, durationSeconds: 3600 });
  });
});

describe('time entries: list', () => {
  let lister: Awaited<ReturnType<typeof createOrganization>>;
  let listClient: string;
  let listProject: string;
  beforeAll(async () => {
    lister = await createOrganization(t.app);
    listClient = (await as(t.app, lister.owner).post('/api/v1/clients').send({ name: 'L' }).expect(201)).body.id;
    listProject = (
      await as(t.app, lister.owner)
        .post('/api/v1/projects')
        .send({ name: 'L', code: 'l', client_id: listClient, hourly_rate_cents: 100 })
        .expect(201)
    ).body.id;
    // 30 member entries, in groups of three sharing a start time, so the id tie-break is exercised.
    const base = Date.parse('2026-03-01T08:00:00Z');
    await t.db.prisma.timeEntry.createMany({
      data: Array.from({ length: 30 }, (_, i) => {
        const startedAt = new Date(base + Math.floor(i / 3) * 3600_000);
        return {
          organizationId: lister.owner.organizationId,
          userId: lister.member.userId,
          projectId: i % 2 === 0 ? listProject : null,
          clientId: i % 2 === 0 ? listClient : null,
          startedAt,
          endedAt: new Date(startedAt.getTime() + 1800_000),
          durationSeconds: 1800,
          billable: i % 5 !== 0,
          source: i % 3 === 0 ? ('calendar' as const) : ('manual' as const),
          sourceRef: `list-test:${i}`,
        };
      }),
    });
    await as(t.app, lister.admin).post('/api/v1/time-entries').send(entry('2026-03-01T07:00:00Z', 30)).expect(201);
  });

  const ids = (res: request.Response) => res.body.data.map((e: { id: string }) => e.id);

  it('pages by cursor in (started_at desc, id desc) order with no duplicates and no gaps', async () => {
    const expected = await t.db.prisma.timeEntry.findMany({
      where: { organizationId: lister.owner.organizationId },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await as(t.app, lister.owner)
        .get('/api/v1/time-entries')
        .query({ limit: 7, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(7);
      seen.push(...ids(res));
      cursor = res.body.next_cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(31 / 7));
    expect(seen).toEqual(expected.map((e) => e.id));
    expect(new Set(seen).size).toBe(31);
  });

  it('shows members only their own entries; admins everything, filterable by user', async () => {
    const member = await as(t.app, lister.member).get('/api/v1/time-entries?limit=200').expect(200);
    expect(member.body.data).toHaveLength(30);
    expect(new Set(member.body.data.map((e: { user_id: string }) => e.user_id))).toEqual(new Set([lister.member.userId]));
    await as(t.app, lister.member).get(`/api/v1/time-entries?user_id=${lister.admin.userId}`).expect(403);
    const admins = await as(t.app, lister.owner).get(`/api/v1/time-entries?user_id=${lister.admin.userId}`).expect(200);
    expect(admins.body.data).toHaveLength(1);
    const all = await as(t.app, lister.owner).get('/api/v1/time-entries?limit=200').expect(200);
    expect(all.body.data).toHaveLength(31);
    // Another organization sees none of it.
    const outsider = await as(t.app, org.owner).get(`/api/v1/time-entries?limit=200&client_id=${listClient}`).expect(200);
    expect(outsider.body.data).toEqual([]);
  });

  it('filters by date range, project, client, source, billable and invoiced', async () => {
    const count = async (query: Record<string, string>) =>
      (
        await as(t.app, lister.owner)
          .get('/api/v1/time-entries')
          .query({ limit: '200', ...query })
          .expect(200)
      ).body.data.length;
    expect(await count({ from: '2026-03-01T08:00:00Z', to: '2026-03-01T10:00:00Z' })).toBe(6);
    expect(await count({ project_id: listProject })).toBe(15);
    expect(await count({ client_id: listClient })).toBe(15);
    expect(await count({ source: 'calendar' })).toBe(10);
    expect(await count({ billable: 'false' })).toBe(6);
    expect(await count({ billable: 'true', source: 'manual' })).toBe(20 - 4 + 1);
    expect(await count({ invoiced: 'true' })).toBe(0);
    await as(t.app, lister.owner)
      .post('/api/v1/invoices')
      .send({ client_id: listClient, from: '2026-03-01T00:00:00Z', to: '2026-03-02T00:00:00Z' })
      .expect(201);
    // 15 client entries, of which those with i % 5 === 0 (i = 0, 10, 20) are not billable.
    expect(await count({ invoiced: 'true' })).toBe(12);
    expect(await count({ invoiced: 'false' })).toBe(19);
  });

  it('400s for bad filters, limits and cursors', async () => {
    for (const query of ['limit=0', 'limit=201', 'source=email', 'billable=1', 'from=monday', 'project_id=nope', 'cursor=garbage']) {
      const res = await as(t.app, lister.owner).get(`/api/v1/time-entries?${query}`).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
  });
});

describe('plain-SQL rows on the hot paths', () => {
  it('come back the same straight from the pool as through a transaction', async () => {
    const created = await as(t.app, org.member)
      .post('/api/v1/time-entries')
      .send(entry('2026-03-02T09:00:00Z', 45, { project_id: projectId }))
      .expect(201);
    const query = Prisma.sql`SELECT ${TIME_ENTRY_COLUMNS} FROM time_entries WHERE id = ${created.body.id}::uuid`;
    const [direct] = await queryRows<TimeEntry>(t.deps.prisma, query);
    const [inTransaction] = await withTransaction(t.deps.prisma, (tx) => queryRows<TimeEntry>(tx, query));
    expect(direct).toEqual(inTransaction);
    expect(direct).toMatchObject({
      id: created.body.id,
      durationSeconds: 2700,
      billable: true,
      source: 'manual',
      startedAt: new Date('2026-03-02T09:00:00Z'),
    });
  });
});
