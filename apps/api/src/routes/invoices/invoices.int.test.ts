import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';
import { relayOutbox } from '@billops/domain';

const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganization>>;
let other: Awaited<ReturnType<typeof createOrganization>>;
beforeAll(async () => {
  t = await createTestApp();
  [org, other] = await Promise.all([createOrganization(t.app), createOrganization(t.app)]);
});
afterAll(async () => {
  await t.close();
});

let codeCounter = 0;
async function clientWithProjects(rates: { rate: number; currency?: string }[], clientCurrency = 'USD') {
  const client = (
    await as(t.app, org.owner)
      .post('/api/v1/clients')
      .send({ name: `Client ${++codeCounter}`, currency: clientCurrency })
      .expect(201)
  ).body.id as string;
  const projects: string[] = [];
  for (const { rate, currency } of rates) {
    const body = {
      name: `P${codeCounter}`,
      code: `p-${++codeCounter}`,
      client_id: client,
      hourly_rate_cents: rate,
      ...(currency ? { currency } : {}),
    };
    projects.push((await as(t.app, org.owner).post('/api/v1/projects').send(body).expect(201)).body.id);
  }
  return { client, projects };
}

async function log(session: { token: string }, start: string, seconds: number, extra: Record<string, unknown> = {}) {
  const ended = new Date(Date.parse(start) + seconds * 1000).toISOString();
  return (
    await as(t.app, session)
      .post('/api/v1/time-entries')
      .send({ started_at: start, ended_at: ended, ...extra })
      .expect(201)
  ).body.id as string;
}

const period = (client: string, from = '2026-04-01T00:00:00Z', to = '2026-05-01T00:00:00Z') => ({ client_id: client, from, to });

describe('creating invoices', () => {
  it('bills each unbilled billable entry of the client in the period, rounding half-up per line', async () => {
    const { client, projects } = await clientWithProjects([{ rate: 10_000 }, { rate: 333 }]);
    const [web, support] = projects as [string, string];
    const a = await log(org.member, '2026-04-02T09:00:00Z', 59, { project_id: web, description: 'Quick fix' }); // 163.89 → 164
    const b = await log(org.member, '2026-04-03T09:00:00Z', 450, { project_id: support }); // 41.625 → 42
    const c = await log(org.admin, '2026-04-04T09:00:00Z', 5400, { project_id: web }); // 15000
    const d = await log(org.member, '2026-04-05T09:00:00Z', 3600, { client_id: client, description: 'No project' }); // rate 0
    await log(org.member, '2026-04-06T09:00:00Z', 3600, { project_id: web, billable: false });
    await log(org.member, '2026-03-31T23:59:00Z', 3600, { project_id: web }); // before the period
    await log(org.member, '2026-05-01T00:00:00Z', 3600, { project_id: web }); // `to` is exclusive
    const unrelated = await clientWithProjects([{ rate: 5000 }]);
    await log(org.member, '2026-04-02T10:00:00Z', 3600, { project_id: unrelated.projects[0] });

    const res = await as(t.app, org.owner).post('/api/v1/invoices').send(period(client)).expect(201);
    expect(res.body).toMatchObject({
      client_id: client,
      status: 'draft',
      currency: 'USD',
      total_cents: 164 + 42 + 15_000,
      created_by_id: org.owner.userId,
    });
    expect(res.body.number).toMatch(/^INV-\d{4}$/);
    expect(
      res.body.lines.map((l: { time_entry_id: string; amount_cents: number; rate_cents: number }) => [
        l.time_entry_id,
        l.rate_cents,
        l.amount_cents,
      ]),
    ).toEqual([
      [a, 10_000, 164],
      [b, 333, 42],
      [c, 10_000, 15_000],
      [d, 0, 0],
    ]);
    expect(res.body.lines[0]).toMatchObject({ description: 'Quick fix', duration_seconds: 59 });
    const billed = await t.db.prisma.timeEntry.findMany({ where: { invoiceId: res.body.id }, select: { id: true } });
    expect(billed.map((e) => e.id).sort()).toEqual([a, b, c, d].sort());

    // Everything billable is now billed: a second invoice for the same period has nothing to bill.
    const again = await as(t.app, org.owner).post('/api/v1/invoices').send(period(client)).expect(409);
    expect(again.body.error.reason).toBe('nothing_to_bill');
  });

  it('numbers invoices INV-0001, INV-0002… per organization', async () => {
    const fresh = await createOrganization(t.app);
    const numbers: string[] = [];
    for (const month of ['01', '02', '03']) {
      const client = (
        await as(t.app, fresh.owner)
          .post('/api/v1/clients')
          .send({ name: `N${month}` })
          .expect(201)
      ).body.id;
      await log(fresh.owner, `2026-${month}-10T09:00:00Z`, 600, { client_id: client });
      numbers.push(
        (
          await as(t.app, fresh.owner)
            .post('/api/v1/invoices')
            .send(period(client, `2026-${month}-01T00:00:00Z`, `2026-${month}-28T00:00:00Z`))
            .expect(201)
        ).body.number,
      );
    }
    expect(numbers).toEqual(['INV-0001', 'INV-0002', 'INV-0003']);
  });

  it('gives concurrent creations distinct numbers and never bills an entry twice', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => clientWithProjects([{ rate: 6000 }])));
    for (const { projects } of clients) await log(org.member, '2026-06-10T09:00:00Z', 3600, { project_id: projects[0] });
    // Four clients at once, plus a duplicate request racing for the first client's entries.
    const requests = [...clients.map(({ client }) => client), clients[0]!.client].map((client) =>
      as(t.app, org.owner)
        .post('/api/v1/invoices')
        .send(period(client, '2026-06-01T00:00:00Z', '2026-07-01T00:00:00Z')),
    );
    const results = await Promise.all(requests);
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(4);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.error.reason)).toEqual(['nothing_to_bill']);
    const numbers = created.map((r) => r.body.number);
    expect(new Set(numbers).size).toBe(4);
    const lines = created.flatMap((r) => r.body.lines.map((l: { time_entry_id: string }) => l.time_entry_id));
    expect(new Set(lines).size).toBe(lines.length);
    expect(await t.db.prisma.invoiceLine.count({ where: { invoice: { clientId: clients[0]!.client } } })).toBe(1);
  });

  it("409s on mixed currencies and bills a consistent set in the projects' currency", async () => {
    const mixed = await clientWithProjects([
      { rate: 1000, currency: 'EUR' },
      { rate: 1000, currency: 'USD' },
    ]);
    await log(org.member, '2026-07-02T09:00:00Z', 3600, { project_id: mixed.projects[0] });
    await log(org.member, '2026-07-03T09:00:00Z', 3600, { project_id: mixed.projects[1] });
    const res = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send(period(mixed.client, '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z'))
      .expect(409);
    expect(res.body.error).toMatchObject({ reason: 'mixed_currencies' });
    // Nothing was claimed by the failed attempt.
    expect(await t.db.prisma.timeEntry.count({ where: { clientId: mixed.client, invoiceId: { not: null } } })).toBe(0);

    const eur = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send(period(mixed.client, '2026-07-02T00:00:00Z', '2026-07-03T00:00:00Z'))
      .expect(201);
    expect(eur.body).toMatchObject({ currency: 'EUR', total_cents: 1000 });
  });

  it('validates the body (400), the client (404, including other organizations) and admin rights (403)', async () => {
    const { client } = await clientWithProjects([]);
    const bad = await as(t.app, org.owner).post('/api/v1/invoices').send({ client_id: 'x', from: 'soon' }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['client_id', 'from', 'to']);
    await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send(period(client, '2026-05-01T00:00:00Z', '2026-04-01T00:00:00Z'))
      .expect(400);
    const theirs = (await as(t.app, other.owner).post('/api/v1/clients').send({ name: 'Theirs' }).expect(201)).body.id;
    await as(t.app, other.owner)
      .post('/api/v1/time-entries')
      .send({ client_id: theirs, started_at: '2026-04-02T09:00:00Z', ended_at: '2026-04-02T10:00:00Z' })
      .expect(201);
    await as(t.app, org.owner).post('/api/v1/invoices').send(period(theirs)).expect(404);
    await as(t.app, org.owner).post('/api/v1/invoices').send(period(MISSING)).expect(404);
    expect(await t.db.prisma.timeEntry.count({ where: { clientId: theirs, invoiceId: { not: null } } })).toBe(0);
    await as(t.app, org.member).post('/api/v1/invoices').send(period(client)).expect(403);
    await request(t.app).post('/api/v1/invoices').send(period(client)).expect(401);
  });
});

describe('invoice lifecycle', () => {
  async function draft() {
    const { client, projects } = await clientWithProjects([{ rate: 12_000 }]);
    const entry = await log(org.member, '2026-08-03T09:00:00Z', 1800, { project_id: projects[0] });
    const res = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send(period(client, '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z'))
      .expect(201);
    return { id: res.body.id as string, client, entry };
  }

  it('moves draft → ready → sent → paid; marking ready queues one notification job', async () => {
    const { id } = await draft();
    const ready = await as(t.app, org.admin).post(`/api/v1/invoices/${id}/ready`).expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', sent_at: null });
    expect(ready.body.ready_at).not.toBeNull();
    await relayOutbox(t.deps);
    const job = await t.deps.queues.queues.notifications.getJob(`invoice-ready-${id}`);
    expect(job).toMatchObject({ name: 'notification:invoice_ready', data: { invoiceId: id } });

    await as(t.app, org.owner).post(`/api/v1/invoices/${id}/ready`).expect(409);
    const early = await as(t.app, org.owner).post(`/api/v1/invoices/${id}/paid`).expect(409);
    expect(early.body.error.reason).toBe('invalid_transition');
    expect((await as(t.app, org.owner).post(`/api/v1/invoices/${id}/sent`).expect(200)).body.status).toBe('sent');
    const paid = await as(t.app, org.owner).post(`/api/v1/invoices/${id}/paid`).expect(200);
    expect(paid.body.status).toBe('paid');
    for (const step of ['ready', 'sent', 'paid']) await as(t.app, org.owner).post(`/api/v1/invoices/${id}/${step}`).expect(409);
    await as(t.app, org.owner).delete(`/api/v1/invoices/${id}`).expect(409);
    await relayOutbox(t.deps);
    const jobs = await t.deps.queues.queues.notifications.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    expect(jobs.filter((j) => j.data.invoiceId === id)).toHaveLength(1);
  });

  it('lists (filter by status, paginate) and gets an invoice with its lines', async () => {
    const first = await draft();
    const second = await draft();
    await as(t.app, org.owner).post(`/api/v1/invoices/${second.id}/ready`).expect(200);
    const got = await as(t.app, org.owner).get(`/api/v1/invoices/${first.id}`).expect(200);
    expect(got.body.lines).toEqual([
      {
        id: expect.any(String),
        time_entry_id: first.entry,
        description: expect.any(String),
        duration_seconds: 1800,
        billed_duration_seconds: 1800,
        rate_cents: 12_000,
        amount_cents: 6000,
      },
    ]);
    expect(got.body.total_cents).toBe(6000);

    const ready = await as(t.app, org.owner).get('/api/v1/invoices?status=ready&limit=200').expect(200);
    expect(ready.body.data.map((i: { id: string }) => i.id)).toContain(second.id);
    expect(ready.body.data.map((i: { id: string }) => i.id)).not.toContain(first.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await as(t.app, org.owner)
        .get('/api/v1/invoices')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...page.body.data.map((i: { id: string }) => i.id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen.length).toBe(await t.db.prisma.invoice.count({ where: { organizationId: org.owner.organizationId } }));
    expect(new Set(seen).size).toBe(seen.length);
    await as(t.app, org.owner).get('/api/v1/invoices?status=void').expect(400);
  });

  it('deleting a draft releases its entries so they can be billed again', async () => {
    const { id, client, entry } = await draft();
    await as(t.app, org.member).patch(`/api/v1/time-entries/${entry}`).send({ description: 'x' }).expect(409);
    await as(t.app, org.owner).delete(`/api/v1/invoices/${id}`).expect(204);
    await as(t.app, org.owner).get(`/api/v1/invoices/${id}`).expect(404);
    const released = await as(t.app, org.member).get(`/api/v1/time-entries/${entry}`).expect(200);
    expect(released.body.invoice_id).toBeNull();
    await as(t.app, org.member).patch(`/api/v1/time-entries/${entry}`).send({ description: 'editable again' }).expect(200);
    const rebilled = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send(period(client, '2026-08-01T00:00:00Z', '2026-09-01T00:00:00Z'))
      .expect(201);
    expect(rebilled.body.lines.map((l: { time_entry_id: string }) => l.time_entry_id)).toEqual([entry]);
  });

  it("is for owners/admins only (403) and hides other organizations' invoices (404) on every id route", async () => {
    const { id } = await draft();
    await as(t.app, org.member).get('/api/v1/invoices').expect(403);
    await as(t.app, org.member).get(`/api/v1/invoices/${id}`).expect(403);
    for (const step of ['ready', 'sent', 'paid']) await as(t.app, org.member).post(`/api/v1/invoices/${id}/${step}`).expect(403);
    await as(t.app, org.member).delete(`/api/v1/invoices/${id}`).expect(403);
    await request(t.app).get(`/api/v1/invoices/${id}`).expect(401);

    for (const target of [id, MISSING]) {
      await as(t.app, other.owner).get(`/api/v1/invoices/${target}`).expect(404);
      for (const step of ['ready', 'sent', 'paid']) await as(t.app, other.owner).post(`/api/v1/invoices/${target}/${step}`).expect(404);
      await as(t.app, other.owner).delete(`/api/v1/invoices/${target}`).expect(404);
    }
    const theirList = await as(t.app, other.owner).get('/api/v1/invoices').expect(200);
    expect(theirList.body.data.map((i: { id: string }) => i.id)).not.toContain(id);
    // Untouched by the attempts.
    expect((await as(t.app, org.owner).get(`/api/v1/invoices/${id}`).expect(200)).body.status).toBe('draft');
    await relayOutbox(t.deps);
    expect(await t.deps.queues.queues.notifications.getJob(`invoice-ready-${id}`)).toBeUndefined();
  });
});

describe('OpenAPI', () => {
  it('documents the billing routes from their zod schemas', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json').expect(200)).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/v1/organization/members',
        'POST /api/v1/organization/members',
        'PATCH /api/v1/organization/members/{user_id}',
        'DELETE /api/v1/organization/members/{user_id}',
        'POST /api/v1/clients/{id}/archive',
        'PATCH /api/v1/projects/{id}',
        'GET /api/v1/time-entries',
        'DELETE /api/v1/time-entries/{id}',
        'POST /api/v1/invoices',
        'POST /api/v1/invoices/{id}/ready',
        'POST /api/v1/invoices/{id}/sent',
        'POST /api/v1/invoices/{id}/paid',
        'DELETE /api/v1/invoices/{id}',
      ]),
    );
    const list = doc.paths['/api/v1/time-entries'].get;
    const names = list.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['from', 'to', 'project_id', 'client_id', 'source', 'billable', 'invoiced', 'user_id', 'cursor', 'limit']),
    );
    expect(list.responses['200'].content['application/json'].schema.properties.next_cursor).toBeDefined();
    const create = doc.paths['/api/v1/projects'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(expect.arrayContaining(['name', 'code']));
    expect(create.properties.code.pattern).toBe('^[a-z0-9][a-z0-9-]{0,31}$');
  });
});
