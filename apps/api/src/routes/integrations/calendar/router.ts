import type { CalendarProvider, CalendarProviderName } from '@billops/providers';
import {
  completeCalendarAuthorization,
  disconnectCalendarAccount,
  listProviderCalendars,
  reauthRequired,
  requireIntegration,
  selectCalendar,
  startCalendarAuthorization,
  stopCalendarSync,
} from '@billops/domain';
import { AppError } from '@billops/core';
import type { RouteContext } from '../../../context.ts';
import { toAppError } from '../../../http/errors.ts';
import { assertSameBrowser, bindFlowToBrowser } from '../../../http/oauth-browser-binding.ts';
import type { ApiRouter } from '../../../http/route.ts';
import {
  authorizeResponse,
  calendarIdParams,
  calendarsQuery,
  callbackBody,
  callbackQuery,
  selectCalendarBody,
  selectCalendarResponse,
  syncCountsResponse,
  syncQueuedResponse,
} from './schemas.ts';
import { requestSync } from './sync-response.ts';

/** A calendar as each provider's API clients expect it: `{id, summary}` (Google) or `{id, name}` (Microsoft). */
const calendarJson = (provider: CalendarProvider, calendar: { id: string; name: string; primary: boolean }) => ({
  id: calendar.id,
  [provider.calendarListKey]: calendar.name,
  primary: calendar.primary,
});

/** `/integrations/<provider>/...` for one calendar provider; nothing here depends on which one. */
function providerRoutes(ctx: RouteContext, router: ApiRouter, name: CalendarProviderName, provider: CalendarProvider): ApiRouter {
  const base = `/integrations/${name}`;
  const tag = `integrations:${name}`;
  const redirectUri = ctx.providers.settings[name].redirectUri;
  // The cookie goes only to the callback the provider redirects the browser to.
  const binding = { flow: name, callbackPath: new URL(redirectUri).pathname };

  return router
    .route(
      {
        method: 'get',
        path: `${base}/authorize`,
        tag,
        summary: `Start connecting ${name} (consent URL and state)`,
        responses: { 200: authorizeResponse },
      },
      async ({ actor, res }) => {
        const { authUrl, state } = await startCalendarAuthorization(ctx, {
          userId: actor.userId,
          organizationId: actor.organizationId,
          provider: name,
          redirectUri,
        });
        bindFlowToBrowser(res, { ...binding, state, secure: ctx.config.PUBLIC_URL.startsWith('https:') });
        return { auth_url: authUrl, state };
      },
    )
    .route(
      {
        method: 'post',
        path: `${base}/callback`,
        tag,
        summary: `Finish connecting ${name} with the code and state from the redirect`,
        body: callbackBody,
      },
      async ({ body, actor }) => {
        const { calendars } = await completeCalendarAuthorization(ctx, {
          provider: name,
          state: body.state,
          code: body.code,
          error: body.error,
          redirectUri,
          userId: actor.userId,
        });
        return { status: 'success', calendars: calendars.map((c) => calendarJson(provider, c)) };
      },
    )
    .route(
      {
        method: 'get',
        path: `${base}/callback`,
        tag,
        summary: `${name} redirects the browser here; answers with a redirect to the frontend`,
        auth: false,
        query: callbackQuery,
      },
      async ({ query, req, res }) => {
        const target = new URL(ctx.config.FRONTEND_URL);
        target.searchParams.set('provider', name);
        try {
          if (!query.state) throw new AppError('bad_request', 'Missing state', { reason: 'invalid_state' });
          assertSameBrowser(req, res, { ...binding, state: query.state });
          await completeCalendarAuthorization(ctx, {
            provider: name,
            state: query.state!,
            code: query.code,
            error: query.error,
            redirectUri,
          });
          target.searchParams.set('status', 'success');
        } catch (error) {
          const appError = toAppError(error);
          target.searchParams.set('status', 'error');
          target.searchParams.set('code', appError.reason ?? appError.code);
          if (appError.code === 'internal') ctx.logger.error({ err: error, provider: name }, 'oauth callback failed');
        }
        res.redirect(302, target.toString());
      },
    )
    .route(
      {
        method: 'get',
        path: `${base}/calendars`,
        tag,
        summary: `Calendars of the connected ${name} account (cached up to an hour; ?refresh=true asks again)`,
        query: calendarsQuery,
      },
      async ({ query, actor }) => {
        const calendars = await listProviderCalendars(ctx, { userId: actor.userId, provider: name, refresh: query.refresh });
        return { calendars: calendars.map((c) => calendarJson(provider, c)) };
      },
    )
    .route(
      {
        method: 'post',
        path: `${base}/select-calendar`,
        tag,
        summary: 'Select a calendar to sync (idempotent); starts a first sync',
        body: selectCalendarBody,
        responses: { 200: selectCalendarResponse },
      },
      async ({ body, actor }) => {
        const integration = await selectCalendar(ctx, {
          userId: actor.userId,
          provider: name,
          providerCalendarId: body.calendar_id,
          calendarName: body.calendar_name,
        });
        return { status: 'success', calendar_id: integration.id, message: `Calendar '${integration.calendarName}' selected` };
      },
    )
    .route(
      {
        method: 'post',
        path: `${base}/:calendar_id/sync`,
        tag,
        summary: 'Sync now: waits a bounded time, else 202 with a job id',
        params: calendarIdParams,
        responses: { 200: syncCountsResponse, 202: syncQueuedResponse },
      },
      async ({ params, actor, res }) => {
        const integration = await requireIntegration(ctx, actor.userId, params.calendar_id, name);
        const account = await ctx.prisma.userOAuthAccount.findUnique({
          where: { id: integration.oauthAccountId },
          select: { status: true },
        });
        if (account?.status !== 'active' || integration.syncStatus === 'paused') throw reauthRequired(name);
        const outcome = await requestSync(ctx, { calendarId: integration.id, userId: actor.userId });
        if (outcome.finished) return outcome.body;
        res.status(202).json(outcome.body);
      },
    )
    .route(
      {
        method: 'delete',
        path: `${base}/calendars/:calendar_id`,
        tag,
        summary: 'Stop syncing a calendar (its events and time entries stay)',
        params: calendarIdParams,
      },
      async ({ params, actor }) => {
        await stopCalendarSync(ctx, { userId: actor.userId, provider: name, calendarId: params.calendar_id });
      },
    )
    .route(
      {
        method: 'delete',
        path: `${base}/account`,
        tag,
        summary: `Disconnect ${name}: revoke at the provider, delete tokens (time entries stay)`,
      },
      async ({ actor }) => {
        await disconnectCalendarAccount(ctx, { userId: actor.userId, provider: name });
      },
    );
}

/** Routes for every calendar provider present in the registry (Google, Microsoft, ...). */
export function calendarIntegrationRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  for (const [name, provider] of Object.entries(ctx.providers.calendar) as [CalendarProviderName, CalendarProvider | undefined][]) {
    if (provider) providerRoutes(ctx, router, name, provider);
  }
  return router;
}
