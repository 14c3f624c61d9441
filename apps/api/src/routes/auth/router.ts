import { AppError } from '@billops/core';
import { login, registerUser, revokeSession } from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { loginBody, meResponse, registerBody, sessionResponse } from './schemas.ts';

type UserShape = { id: string; email: string; name: string; timeZone: string };
const userJson = (user: UserShape) => ({ id: user.id, email: user.email, name: user.name, time_zone: user.timeZone });

export function authRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const accounts = { ...ctx, sessionTtlHours: ctx.config.SESSION_TTL_HOURS };
  return router
    .route(
      { method: 'post', path: '/auth/register', tag: 'auth', summary: 'Create a user and their organization', auth: false, body: registerBody, status: 201, responses: { 201: sessionResponse } },
      async ({ body }) => {
        const result = await registerUser(accounts, {
          email: body.email,
          password: body.password,
          name: body.name,
          organizationName: body.organization_name,
          timeZone: body.time_zone,
        });
        return { token: result.token, expires_at: result.expiresAt.toISOString(), user: userJson(result.user), organization_id: result.organization.id, role: result.role };
      },
    )
    .route(
      { method: 'post', path: '/auth/login', tag: 'auth', summary: 'Log in and get a bearer token', auth: false, body: loginBody, responses: { 200: sessionResponse } },
      async ({ body }) => {
        const result = await login(accounts, { email: body.email, password: body.password, organizationId: body.organization_id });
        return { token: result.token, expires_at: result.expiresAt.toISOString(), user: userJson(result.user), organization_id: result.organizationId, role: result.role };
      },
    )
    .route({ method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Revoke the current session' }, async ({ actor }) => {
      await revokeSession(ctx, actor);
    })
    .route({ method: 'get', path: '/me', tag: 'auth', summary: 'The current user', responses: { 200: meResponse } }, async ({ actor }) => {
      const user = await ctx.prisma.user.findUnique({ where: { id: actor.userId } });
      if (!user) throw AppError.notFound('User');
      return { user: userJson(user), organization_id: actor.organizationId, role: actor.role };
    });
}

