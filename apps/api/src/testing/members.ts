import type { Express } from 'express';
import request from 'supertest';
import { registerUser } from './harness.ts';

export type Session = { token: string; userId: string; organizationId: string; email: string; password: string };

let counter = 0;

/** Adds a brand-new user to the owner's organization with `role` and logs them in. */
export async function addMemberAndLogin(app: Express, owner: Session, role: 'owner' | 'admin' | 'member' = 'member'): Promise<Session> {
  counter += 1;
  const email = `${role}${counter}-${Date.now()}@example.com`;
  const password = 'member password 123';
  const added = await request(app)
    .post('/api/v1/organization/members')
    .set('Authorization', `Bearer ${owner.token}`)
    .send({ email, name: `${role} ${counter}`, password, role })
    .expect(201);
  const login = await request(app).post('/api/v1/auth/login').send({ email, password, organization_id: owner.organizationId }).expect(200);
  return { token: login.body.token, userId: added.body.user_id, organizationId: owner.organizationId, email, password };
}

/** An organization with an owner, an admin and a member, each with a bearer token. */
export async function createOrganization(app: Express) {
  const owner = await registerUser(app);
  const [admin, member] = await Promise.all([addMemberAndLogin(app, owner, 'admin'), addMemberAndLogin(app, owner, 'member')]);
  return { owner, admin, member };
}

/** A supertest agent preset with a bearer token. */
export const as = (app: Express, session: { token: string }) => ({
  get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${session.token}`),
  post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${session.token}`),
  patch: (url: string) => request(app).patch(url).set('Authorization', `Bearer ${session.token}`),
  delete: (url: string) => request(app).delete(url).set('Authorization', `Bearer ${session.token}`),
});
