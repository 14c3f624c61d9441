import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';

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

describe('clients', () => {
  it('creates, gets, updates, archives and unarchives a client', async () => {
    const created = await as(t.app, org.admin)
      .post('/api/v1/clients')
      .send({ name: 'Acme', email: 'billing@acme.test', currency: 'eur' })
      .expect(201);
    expect(created.body).toMatchObject({ name: 'Acme', email: 'billing@acme.test', currency: 'EUR', archived: false });
    const id = created.body.id;

    const got = await as(t.app, org.member).get(`/api/v1/clients/${id}`).expect(200);
    expect(got.body).toEqual(created.body);

    const updated = await as(t.app, org.owner).patch(`/api/v1/clients/${id}`).send({ name: 'Acme Corp', email: null }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Acme Corp', email: null, currency: 'EUR' });

    await as(t.app, org.owner).post(`/api/v1/clients/${id}/archive`).expect(200);
    const listed = await as(t.app, org.member).get('/api/v1/clients').expect(200);
    expect(listed.body.data.map((c: { id: string }) => c.id)).not.toContain(id);
    const all = await as(t.app, org.member).get('/api/v1/clients?include_archived=true').expect(200);
    expect(all.body.data.find((c: { id: string }) => c.id === id)).toMatchObject({ archived: true });

    const restored = await as(t.app, org.owner).patch(`/api/v1/clients/${id}`).send({ archived: false }).expect(200);
    expect(restored.body.archived).toBe(false);
  });

  it('validates bodies and queries (400 with field paths)', async () => {
    const res = await as(t.app, org.owner).post('/api/v1/clients').send({ name: '', email: 'nope', currency: 'EURO' }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['currency', 'email', 'name']);
    await as(t.app, org.owner).get('/api/v1/clients?include_archived=yes').expect(400);
    await as(t.app, org.owner).get('/api/v1/clients/not-a-uuid').expect(400);
    await as(t.app, org.owner).patch(`/api/v1/clients/${MISSING}`).send({ currency: 12 }).expect(400);
  });

  it('401 without a token; 403 for members writing', async () => {
    await request(t.app).get('/api/v1/clients').expect(401);
    await request(t.app).post('/api/v1/clients').send({ name: 'X' }).expect(401);
    const created = await as(t.app, org.owner).post('/api/v1/clients').send({ name: 'Members cannot touch' }).expect(201);
    const res = await as(t.app, org.member).post('/api/v1/clients').send({ name: 'Nope' }).expect(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', reason: 'admin_required' });
    await as(t.app, org.member).patch(`/api/v1/clients/${created.body.id}`).send({ name: 'Nope' }).expect(403);
    await as(t.app, org.member).post(`/api/v1/clients/${created.body.id}/archive`).expect(403);
  });

  it("answers 404 for unknown ids and another organization's clients on every id route", async () => {
    const theirs = await as(t.app, other.owner).post('/api/v1/clients').send({ name: 'Their client' }).expect(201);
    for (const id of [MISSING, theirs.body.id]) {
      await as(t.app, org.owner).get(`/api/v1/clients/${id}`).expect(404);
      await as(t.app, org.owner).patch(`/api/v1/clients/${id}`).send({ name: 'Stolen' }).expect(404);
      await as(t.app, org.owner).post(`/api/v1/clients/${id}/archive`).expect(404);
    }
    const mine = await as(t.app, org.owner).get('/api/v1/clients?include_archived=true').expect(200);
    expect(mine.body.data.map((c: { id: string }) => c.id)).not.toContain(theirs.body.id);
    const unchanged = await as(t.app, other.owner).get(`/api/v1/clients/${theirs.body.id}`).expect(200);
    expect(unchanged.body).toMatchObject({ name: 'Their client', archived: false });
  });
});
