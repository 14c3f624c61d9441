import {
  completeSlackInstall,
  getSlackStatus,
  linkSlackUser,
  listSlackMembers,
  startSlackInstall,
  unlinkSlackUser,
  updateSlackPreferences,
} from '@billops/domain';
import { AppError } from '@billops/core';
import type { RouteContext } from '../../../context.ts';
import { assertSameBrowser, bindFlowToBrowser } from '../../../http/oauth-browser-binding.ts';
import type { ApiRouter } from '../../../http/route.ts';
import {
  authorizeResponse,
  bindingBody,
  bindingParams,
  bindingResponse,
  callbackBody,
  callbackQuery,
  installResponse,
  preferencesBody,
  statusResponse,
  usersQuery,
} from './schemas.ts';
import { slackWebhookRoutes } from './webhooks.ts';

const TAG = 'slack';
const BASE = '/integrations/slack';
const INSTALLED = 'Slack workspace integrated successfully';

const bindingJson = (b: { id: string; userId: string; slackUserId: string; slackUsername: string | null; slackEmail: string | null }) => ({
  id: b.id,
  user_id: b.userId,
  slack_user_id: b.slackUserId,
  slack_username: b.slackUsername,
  slack_email: b.slackEmail,
});

/** Slack: install (OAuth v2), status and preferences, member linking, and the signed webhooks. */
export function slackRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const browserBinding = { flow: 'slack', callbackPath: new URL(ctx.providers.settings.slack.redirectUri).pathname };
  router
    .route(
      {
        method: 'get',
        path: `${BASE}/authorize`,
        tag: TAG,
        summary: 'Start installing the Slack app (admins)',
        responses: { 200: authorizeResponse },
      },
      async ({ actor, res }) => {
        const { authUrl } = await startSlackInstall(ctx, actor);
        bindFlowToBrowser(res, {
          ...browserBinding,
          state: new URL(authUrl).searchParams.get('state') ?? '',
          secure: ctx.config.PUBLIC_URL.startsWith('https:'),
        });
        return { auth_url: authUrl };
      },
    )
    .route(
      {
        method: 'post',
        path: `${BASE}/callback`,
        tag: TAG,
        summary: 'Complete the install with the code and state',
        body: callbackBody,
        responses: { 200: installResponse },
      },
      async ({ body, actor }) => {
        const result = await completeSlackInstall(ctx, { code: body.code, state: body.state, expectedUserId: actor.userId });
        return {
          status: 'success',
          workspace_id: result.workspaceId,
          workspace_name: result.workspaceName,
          message: INSTALLED,
          linked_users: result.linkedUsers,
        };
      },
    )
    .route(
      {
        method: 'get',
        path: `${BASE}/callback`,
        tag: TAG,
        summary: "Slack's browser redirect after consent; redirects to the frontend",
        auth: false,
        query: callbackQuery,
        status: 302,
      },
      async ({ query, req, res }) => {
        const target = new URL(ctx.config.FRONTEND_URL);
        target.searchParams.set('provider', 'slack');
        try {
          if (query.error)
            throw new AppError('bad_request', 'Slack consent was declined', {
              reason: query.error === 'access_denied' ? 'access_denied' : 'slack_error',
            });
          if (!query.code || !query.state) throw new AppError('bad_request', 'Missing code or state', { reason: 'missing_code' });
          assertSameBrowser(req, res, { ...browserBinding, state: query.state });
          const result = await completeSlackInstall(ctx, { code: query.code, state: query.state });
          target.searchParams.set('status', 'success');
          target.searchParams.set('workspace', result.workspaceName);
        } catch (error) {
          if (!(error instanceof AppError) || error.code === 'internal') throw error;
          target.searchParams.set('status', 'error');
          target.searchParams.set('reason', error.reason ?? error.code);
        }
        res.redirect(302, target.toString());
      },
    )
    .route(
      {
        method: 'get',
        path: `${BASE}/status`,
        tag: TAG,
        summary: "The current user's Slack connection and preferences",
        responses: { 200: statusResponse },
      },
      async ({ actor }) => getSlackStatus(ctx, actor),
    )
    .route(
      {
        method: 'put',
        path: `${BASE}/preferences`,
        tag: TAG,
        summary: 'Choose which Slack notifications to receive',
        body: preferencesBody,
        responses: { 200: statusResponse },
      },
      async ({ body, actor }) =>
        updateSlackPreferences(ctx, actor, {
          dailySummary: body.daily_summary,
          invoiceNotifications: body.invoice_notifications,
          timeEntryNotifications: body.time_entry_notifications,
        }),
    )
    .route(
      {
        method: 'get',
        path: `${BASE}/users`,
        tag: TAG,
        summary: 'Workspace members, one users.list page at a time (admins)',
        query: usersQuery,
      },
      async ({ query, actor }) => {
        const page = await listSlackMembers(ctx, actor, { cursor: query.cursor, limit: query.limit });
        return {
          members: page.members.map((m) => ({
            id: m.id,
            name: m.name,
            real_name: m.realName ?? null,
            email: m.email ?? null,
            is_bot: m.isBot,
            deleted: m.deleted,
            binding: m.binding ? bindingJson(m.binding) : null,
          })),
          next_cursor: page.nextCursor ?? null,
        };
      },
    )
    .route(
      {
        method: 'post',
        path: `${BASE}/bindings`,
        tag: TAG,
        summary: 'Link a Slack member to a user (admins)',
        body: bindingBody,
        status: 201,
        responses: { 201: bindingResponse },
      },
      async ({ body, actor }) => bindingJson(await linkSlackUser(ctx, actor, { slackUserId: body.slack_user_id, userId: body.user_id })),
    )
    .route(
      { method: 'delete', path: `${BASE}/bindings/:id`, tag: TAG, summary: 'Unlink a Slack member (admins)', params: bindingParams },
      async ({ params, actor }) => {
        await unlinkSlackUser(ctx, actor, params.id);
      },
    );
  return slackWebhookRoutes(ctx, router);
}
