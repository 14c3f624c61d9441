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

describe('suggestion rules', () => {
  it("keeps a client's email domains normalized, auto-convert off unless asked", async () => {
    const created = await as(t.app, org.owner)
      .post('/api/v1/clients')
      .send({ name: 'Acme', email_domains: ['@Acme.com', 'acme.com', 'eu.acme.com'] })
      .expect(201);
    expect(created.body).toMatchObject({ email_domains: ['acme.com', 'eu.acme.com'], auto_convert: false });
    const patched = await as(t.app, org.owner)
      .patch(`/api/v1/clients/${created.body.id}`)
      .send({ email_domains: ['acme.io'], auto_convert: true })
      .expect(200);
    expect(patched.body).toMatchObject({ email_domains: ['acme.io'], auto_convert: true });
  });

  it('refuses what is not a domain and free-mail domains, per item', async () => {
    const bad = await as(t.app, org.owner)
      .post('/api/v1/clients')
      .send({ name: 'Bad', email_domains: ['acme', 'gmail.com'] })
      .expect(400);
    expect(bad.body.error.code).toBe('validation_failed');
    const messages = JSON.stringify(bad.body.error.details);
    expect(messages).toContain('not a domain');
    expect(messages).toContain('free-mail');
    const clients = await as(t.app, org.owner).get('/api/v1/clients').expect(200);
    expect(clients.body.data.map((c: { name: string }) => c.name)).not.toContain('Bad');
  });

  it("keeps a project's keywords normalized; members cannot change rules", async () => {
    const project = await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'Web', code: 'web-rules', keywords: ['  Website  Redesign ', 'website redesign', 'SEO'] })
      .expect(201);
    expect(project.body).toMatchObject({ keywords: ['website redesign', 'seo'], auto_convert: false });
    await as(t.app, org.owner)
      .post('/api/v1/projects')
      .send({ name: 'X', code: 'x-rules', keywords: ['a'] })
      .expect(400);
    await as(t.app, org.member)
      .patch(`/api/v1/projects/${project.body.id}`)
      .send({ keywords: ['hack'] })
      .expect(403);
    const patched = await as(t.app, org.admin)
      .patch(`/api/v1/projects/${project.body.id}`)
      .send({ keywords: ['launch'], auto_convert: true })
      .expect(200);
    expect(patched.body).toMatchObject({ keywords: ['launch'], auto_convert: true });
  });
});
