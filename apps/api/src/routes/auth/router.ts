import { AppError } from '@billops/core';
import { login, registerUser, revokeSession } from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { AttemptThrottle } from '../../http/throttle.ts';
import { loginBody, meResponse, registerBody, sessionResponse } from './schemas.ts';

const clientIp = (req: { ip?: string | undefined }) => req.ip ?? 'unknown';

type UserShape = { id: string; email: string; name: string; timeZone: string };
const userJson = (user: UserShape) => ({ id: user.id, email: user.email, name: user.name, time_zone: user.timeZone });

export function authRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const accounts = { ...ctx, sessionTtlHours: ctx.config.SESSION_TTL_HOURS };
  const { config } = ctx;
  const redis = ctx.queues.redis;
  const prefix = `${config.QUEUE_PREFIX}:throttle`;
  const window = config.LOGIN_WINDOW_SECONDS;
  const loginsPerAccount = new AttemptThrottle(redis, `${prefix}:login-account`, {
    points: config.LOGIN_ATTEMPTS_PER_ACCOUNT,
    windowSeconds: window,
  });
  const loginsPerIp = new AttemptThrottle(redis, `${prefix}:login-ip`, { points: config.LOGIN_ATTEMPTS_PER_IP, windowSeconds: window });
  const registrationsPerIp = new AttemptThrottle(redis, `${prefix}:register-ip`, {
    points: config.REGISTRATIONS_PER_IP_PER_HOUR,
    windowSeconds: 3600,
  });
  return router
    .route(
      {
        method: 'post',
        path: '/auth/register',
        tag: 'auth',
        summary: 'Create a user and their organization',
        auth: false,
        body: registerBody,
        status: 201,
        responses: { 201: sessionResponse },
      },
      async ({ body, req, res }) => {
        await registrationsPerIp.take(res, clientIp(req));
        const result = await registerUser(accounts, {
          email: body.email,
          password: body.password,
          name: body.name,
          organizationName: body.organization_name,
          timeZone: body.time_zone,
        });
        return {
          token: result.token,
          expires_at: result.expiresAt.toISOString(),
          user: userJson(result.user),
          organization_id: result.organization.id,
          role: result.role,
        };
      },
    )
    .route(
      {
        method: 'post',
        path: '/auth/login',
        tag: 'auth',
        summary: 'Log in and get a bearer token',
        auth: false,
        body: loginBody,
        responses: { 200: sessionResponse },
      },
      async ({ body, req, res }) => {
        const account = body.email.trim().toLowerCase();
        const ip = clientIp(req);
        await loginsPerIp.take(res, ip);
        await loginsPerAccount.take(res, account);
        const result = await login(accounts, { email: body.email, password: body.password, organizationId: body.organization_id });
        await Promise.all([loginsPerIp.giveBack(ip), loginsPerAccount.giveBack(account)]);
        return {
          token: result.token,
          expires_at: result.expiresAt.toISOString(),
          user: userJson(result.user),
          organization_id: result.organizationId,
          role: result.role,
        };
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
