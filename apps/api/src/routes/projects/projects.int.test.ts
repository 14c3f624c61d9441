import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganization>>;
let other: Awaited<ReturnType<typeof createOrganization>>;
let clientId: string;
beforeAll(async () => {
  t = await createTestApp();
  [org, other] = await Promise.all([createOrganization(t.app), createOrganization(t.app)]);
  clientId = (await as(t.app, org.owner).post('/api/v1/clients').send({ name: 'Acme', currency: 'GBP' }).expect(201)).body.id;
});
afterAll(async () => {
  await t.close();
});

describe('projects', () => {
  it("creates a project (currency defaults to the client's), gets, updates and archives it", async () => {
    const created = await as(t.app, org.admin)
      .post('/api/v1/projects')
      .send({ name: 'Acme web', code: 'acme-web', client_id: clientId, hourly_rate_cents: 12_500 })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'acme-web',
      client_id: clientId,
      hourly_rate_cents: 12_500,
      currency: 'GBP',
      archived: false,
    });
    const id = created.body.id;
    expect((await as(t.app, org.member).get(`/api/v1/projects/${id}`).expect(200)).body).toEqual(created.body);

    const updated = await as(t.app, org.owner)
      .patch(`/api/v1/projects/${id}`)
      .send({ hourly_rate_cents: 15_000, code: 'acme-site', currency: 'usd' })
      .expect(200);
    expect(updated.body).toMatchObject({ hourly_rate_cents: 15_000, code: 'acme-site', currency: 'USD' });

    const byClient = await as(t.app, org.member).get(`/api/v1/projects?client_id=${clientId}`).expect(200);
    expect(byClient.body.data.map((p: { id: string }) => p.id)).toEqual([id]);

    await as(t.app, org.owner).post(`/api/v1/projects/${id}/archive`).expect(200);
    expect((await as(t.app, org.member).get('/api/v1/projects').expect(200)).body.data.map((p: { id: string }) => p.id)).not.toContain(id);
    const all = await as(t.app, org.member).get('/api/v1/projects?include_archived=true').expect(200);
    expect(all.body.data.find((p: { id: string }) => p.id === id)).toMatchObject({ archived: true });
  });

  it('rejects a duplicate code in the same organization with 409, but not across organizations', async () => {
    await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'One', code: 'dup-code' }).expect(201);
    const dup = await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Two', code: 'dup-code' }).expect(409);
    expect(dup.body.error.reason).toBe('duplicate_code');
    const second = await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Three', code: 'other-code' }).expect(201);
    await as(t.app, org.owner).patch(`/api/v1/projects/${second.body.id}`).send({ code: 'dup-code' }).expect(409);
    await as(t.app, other.owner).post('/api/v1/projects').send({ name: 'Theirs', code: 'dup-code' }).expect(201);
  });

  it('validates code, rate and currency (400 with field paths)', async () => {
    const res = await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Bad', code: '-Bad Code', hourly_rate_cents: -1, currency: 'US' })
      .expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['code', 'currency', 'hourly_rate_cents']);
    await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Fraction', code: 'fraction', hourly_rate_cents: 10.5 }).expect(400);
    await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Long', code: 'a'.repeat(33) })
      .expect(400);
    await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Max', code: 'a'.repeat(32) })
      .expect(201);
  });

  it('401 without a token; 403 for members writing', async () => {
    await request(t.app).get('/api/v1/projects').expect(401);
    const created = await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Locked', code: 'locked' }).expect(201);
    await as(t.app, org.member).post('/api/v1/projects').send({ name: 'Nope', code: 'nope' }).expect(403);
    await as(t.app, org.member).patch(`/api/v1/projects/${created.body.id}`).send({ name: 'Nope' }).expect(403);
    await as(t.app, org.member).post(`/api/v1/projects/${created.body.id}/archive`).expect(403);
  });

  it("404s for another organization's projects and clients on every id route", async () => {
    const theirClient = await as(t.app, other.owner).post('/api/v1/clients').send({ name: 'Theirs' }).expect(201);
    const theirProject = await as(t.app, other.owner)
      .post('/api/v1/projects')
      .send({ name: 'Theirs', code: 'theirs', client_id: theirClient.body.id })
      .expect(201);
    for (const id of [MISSING, theirProject.body.id]) {
      await as(t.app, org.owner).get(`/api/v1/projects/${id}`).expect(404);
      await as(t.app, org.owner).patch(`/api/v1/projects/${id}`).send({ name: 'Stolen' }).expect(404);
      await as(t.app, org.owner).post(`/api/v1/projects/${id}/archive`).expect(404);
    }
    // Pointing a project at another organization's client is a 404 too.
    const res = await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Sneaky', code: 'sneaky', client_id: theirClient.body.id })
      .expect(404);
    expect(res.body.error.reason).toBe('client_not_found');
    const mine = await as(t.app, org.owner).post('/api/v1/projects').send({ name: 'Mine', code: 'mine' }).expect(201);
    await as(t.app, org.owner).patch(`/api/v1/projects/${mine.body.id}`).send({ client_id: theirClient.body.id }).expect(404);
    const listed = await as(t.app, org.owner).get('/api/v1/projects?include_archived=true').expect(200);
    expect(listed.body.data.map((p: { id: string }) => p.id)).not.toContain(theirProject.body.id);
  });
});
