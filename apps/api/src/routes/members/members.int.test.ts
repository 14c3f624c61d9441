import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type TestApp } from '../../testing/harness.ts';
import { addMemberAndLogin, as, createOrganization } from '../../testing/members.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('organization members', () => {
  it('adds a new user, lists the roster and lets the new member log in', async () => {
    const owner = await registerUser(t.app);
    const res = await as(t.app, owner)
      .post('/api/v1/organization/members')
      .send({ email: 'New.Person@Example.com', name: 'New Person', password: 'a long enough password', role: 'admin' })
      .expect(201);
    expect(res.body).toMatchObject({ email: 'new.person@example.com', name: 'New Person', role: 'admin', created_user: true });
    expect(JSON.stringify(res.body)).not.toContain('a long enough password');

    const list = await as(t.app, owner).get('/api/v1/organization/members').expect(200);
    expect(list.body.data.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.email, 'owner'],
      ['new.person@example.com', 'admin'],
    ]);
    const login = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: 'new.person@example.com', password: 'a long enough password', organization_id: owner.organizationId })
      .expect(200);
    expect(login.body.role).toBe('admin');
  });

  it('invites an existing user by email: no name shown, no membership until they accept', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app, { name: 'Private Person' });
    const res = await as(t.app, owner).post('/api/v1/organization/members').send({ email: other.email, role: 'admin' }).expect(202);
    expect(res.body).toEqual({
      status: 'invited',
      invitation_id: expect.any(String),
      email: other.email,
      role: 'admin',
      invited_at: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toContain('Private Person');
    expect(JSON.stringify(res.body)).not.toContain(other.userId);
    // Not a member yet: not on the roster, cannot choose the organization at login.
    const roster = await as(t.app, owner).get('/api/v1/organization/members').expect(200);
    expect(roster.body.data.map((m: { user_id: string }) => m.user_id)).not.toContain(other.userId);
    await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: other.email, password: other.password, organization_id: owner.organizationId })
      .expect(403);

    const mine = await as(t.app, other).get('/api/v1/me/invitations').expect(200);
    expect(mine.body.data).toEqual([
      {
        id: res.body.invitation_id,
        organization_id: owner.organizationId,
        organization_name: expect.any(String),
        role: 'admin',
        invited_at: expect.any(String),
      },
    ]);
    // Nobody else can accept it.
    await as(t.app, owner).post(`/api/v1/me/invitations/${res.body.invitation_id}/accept`).expect(404);
    const accepted = await as(t.app, other).post(`/api/v1/me/invitations/${res.body.invitation_id}/accept`).expect(200);
    expect(accepted.body).toEqual({ organization_id: owner.organizationId, role: 'admin' });
    const login = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: other.email, password: other.password, organization_id: owner.organizationId })
      .expect(200);
    expect(login.body.role).toBe('admin');
    const again = await as(t.app, owner).post('/api/v1/organization/members').send({ email: other.email }).expect(409);
    expect(again.body.error.reason).toBe('already_member');
    expect((await as(t.app, other).get('/api/v1/me/invitations').expect(200)).body.data).toEqual([]);
  });

  it('a declined invitation leaves no membership', async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app);
    const res = await as(t.app, owner).post('/api/v1/organization/members').send({ email: other.email }).expect(202);
    await as(t.app, other).delete(`/api/v1/me/invitations/${res.body.invitation_id}`).expect(204);
    await as(t.app, other).post(`/api/v1/me/invitations/${res.body.invitation_id}/accept`).expect(404);
    expect(await t.db.prisma.membership.count({ where: { organizationId: owner.organizationId, userId: other.userId } })).toBe(0);
  });

  it("never changes an existing user's name or password when inviting them", async () => {
    const owner = await registerUser(t.app);
    const other = await registerUser(t.app, { name: 'Original Name' });
    await as(t.app, owner)
      .post('/api/v1/organization/members')
      .send({ email: other.email, name: 'Renamed', password: 'hijacked password 1' })
      .expect(202);
    await request(t.app).post('/api/v1/auth/login').send({ email: other.email, password: 'hijacked password 1' }).expect(401);
    const login = await request(t.app).post('/api/v1/auth/login').send({ email: other.email, password: other.password }).expect(200);
    expect(login.body.user.name).toBe('Original Name');
  });

  it('400s for an unknown email without name/password, and for a bad body', async () => {
    const owner = await registerUser(t.app);
    const res = await as(t.app, owner).post('/api/v1/organization/members').send({ email: 'nobody-yet@example.com' }).expect(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'password']);
    const bad = await as(t.app, owner).post('/api/v1/organization/members').send({ email: 'x', role: 'king' }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['email', 'role']);
  });

  it('401 without a token; 403 for members; only owners grant or touch the owner role', async () => {
    const { owner, admin, member } = await createOrganization(t.app);
    await request(t.app).get('/api/v1/organization/members').expect(401);
    await as(t.app, member).get('/api/v1/organization/members').expect(200);
    const forbidden = await as(t.app, member)
      .post('/api/v1/organization/members')
      .send({ email: 'x@example.com', name: 'X', password: 'long password 1' })
      .expect(403);
    expect(forbidden.body.error.code).toBe('forbidden');
    await as(t.app, member).patch(`/api/v1/organization/members/${admin.userId}`).send({ role: 'member' }).expect(403);
    await as(t.app, member).delete(`/api/v1/organization/members/${admin.userId}`).expect(403);

    // Admins manage members and admins, not owners.
    await as(t.app, admin).patch(`/api/v1/organization/members/${member.userId}`).send({ role: 'owner' }).expect(403);
    await as(t.app, admin).patch(`/api/v1/organization/members/${owner.userId}`).send({ role: 'member' }).expect(403);
    await as(t.app, admin).delete(`/api/v1/organization/members/${owner.userId}`).expect(403);
    const promoted = await as(t.app, admin).patch(`/api/v1/organization/members/${member.userId}`).send({ role: 'admin' }).expect(200);
    expect(promoted.body.role).toBe('admin');
  });

  it('never demotes or removes the last owner, even when two owners race', async () => {
    const owner = await registerUser(t.app);
    const solo = await as(t.app, owner).patch(`/api/v1/organization/members/${owner.userId}`).send({ role: 'admin' }).expect(409);
    expect(solo.body.error.reason).toBe('last_owner');
    await as(t.app, owner).delete(`/api/v1/organization/members/${owner.userId}`).expect(409);

    const second = await addMemberAndLogin(t.app, owner, 'owner');
    // Each demotes the other at the same time: exactly one wins.
    const results = await Promise.all([
      as(t.app, owner).patch(`/api/v1/organization/members/${second.userId}`).send({ role: 'member' }),
      as(t.app, second).patch(`/api/v1/organization/members/${owner.userId}`).send({ role: 'member' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The loser is either 409 (last owner) or 401/403 (already demoted by the winner).
    expect(statuses[0]).toBe(200);
    expect([401, 403, 409]).toContain(statuses[1]);
    const owners = await t.db.prisma.membership.count({ where: { organizationId: owner.organizationId, role: 'owner' } });
    expect(owners).toBe(1);
  });

  it('removes a member: their sessions stop working in this organization', async () => {
    const { owner, member } = await createOrganization(t.app);
    await as(t.app, member).get('/api/v1/me').expect(200);
    await as(t.app, owner).delete(`/api/v1/organization/members/${member.userId}`).expect(204);
    await as(t.app, member).get('/api/v1/me').expect(401);
    await as(t.app, owner).delete(`/api/v1/organization/members/${member.userId}`).expect(404);
  });

  it("404s for unknown users and for another organization's members", async () => {
    const a = await createOrganization(t.app);
    const b = await createOrganization(t.app);
    for (const id of [MISSING, b.member.userId]) {
      await as(t.app, a.owner).patch(`/api/v1/organization/members/${id}`).send({ role: 'admin' }).expect(404);
      await as(t.app, a.owner).delete(`/api/v1/organization/members/${id}`).expect(404);
    }
    await as(t.app, a.owner).delete('/api/v1/organization/members/not-a-uuid').expect(400);
    await as(t.app, a.owner).patch(`/api/v1/organization/members/${a.member.userId}`).send({ role: 'superuser' }).expect(400);
    // Organization b is untouched.
    const roster = await as(t.app, b.owner).get('/api/v1/organization/members').expect(200);
    expect(roster.body.data.find((m: { user_id: string }) => m.user_id === b.member.userId)?.role).toBe('member');
    expect(roster.body.data.map((m: { user_id: string }) => m.user_id)).not.toContain(a.owner.userId);
  });
});
