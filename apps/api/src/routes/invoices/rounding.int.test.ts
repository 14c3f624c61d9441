import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { as, createOrganization } from '../../testing/members.ts';

let t: TestApp;
let org: Awaited<ReturnType<typeof createOrganization>>;
beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganization(t.app);
});
afterAll(async () => {
  await t.close();
});

async function log(projectId: string, start: string, seconds: number) {
  const ended = new Date(Date.parse(start) + seconds * 1000).toISOString();
  return (
    await as(t.app, org.owner).post('/api/v1/time-entries').send({ started_at: start, ended_at: ended, project_id: projectId }).expect(201)
  ).body.id as string;
}

describe('rounding on invoice lines', () => {
  it("bills the rounded duration (organization setting, project override) and keeps the entry's real one", async () => {
    await as(t.app, org.member).patch('/api/v1/organization').send({ billing_rounding: 'up_15' }).expect(403);
    const settings = await as(t.app, org.owner).patch('/api/v1/organization').send({ billing_rounding: 'up_15' }).expect(200);
    expect(settings.body.billing_rounding).toBe('up_15');
    await as(t.app, org.owner).patch('/api/v1/organization').send({ billing_rounding: 'up_7' }).expect(400);

    const client = (await as(t.app, org.owner).post('/api/v1/clients').send({ name: 'Rounded' }).expect(201)).body.id as string;
    const inherits = (
      await as(t.app, org.owner)
        .post('/api/v1/projects')
        .send({ name: 'Inherits', code: 'inherits', client_id: client, hourly_rate_cents: 12_000 })
        .expect(201)
    ).body;
    expect(inherits.billing_rounding).toBeNull();
    const nearest = (
      await as(t.app, org.owner)
        .post('/api/v1/projects')
        .send({ name: 'Nearest', code: 'nearest', client_id: client, hourly_rate_cents: 12_000, billing_rounding: 'nearest_6' })
        .expect(201)
    ).body;
    const exact = (
      await as(t.app, org.owner)
        .post('/api/v1/projects')
        .send({ name: 'Exact', code: 'exact', client_id: client, hourly_rate_cents: 12_000 })
        .expect(201)
    ).body;
    await as(t.app, org.owner).patch(`/api/v1/projects/${exact.id}`).send({ billing_rounding: 'none' }).expect(200);

    const a = await log(inherits.id, '2026-06-01T09:00:00Z', 16 * 60); // up to 30 min
    const b = await log(nearest.id, '2026-06-02T09:00:00Z', 8 * 60 + 59); // nearest 6 → 6 min
    const c = await log(exact.id, '2026-06-03T09:00:00Z', 7 * 60); // as is

    const invoice = await as(t.app, org.owner)
      .post('/api/v1/invoices')
      .send({ client_id: client, from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z' })
      .expect(201);
    const lines = invoice.body.lines.map((l: Record<string, unknown>) => [
      l.time_entry_id,
      l.duration_seconds,
      l.billed_duration_seconds,
      l.amount_cents,
    ]);
    expect(lines).toEqual([
      [a, 960, 1800, 6000],
      [b, 539, 360, 1200],
      [c, 420, 420, 1400],
    ]);
    expect(invoice.body.total_cents).toBe(6000 + 1200 + 1400);
    // The entries keep their real durations.
    const entry = await as(t.app, org.owner).get(`/api/v1/time-entries/${a}`).expect(200);
    expect(entry.body.duration_seconds).toBe(960);
  });
});
