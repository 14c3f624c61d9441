import { z } from 'zod';
import { listCalendarIntegrations, updateCalendarIntegration, type CalendarIntegrationView } from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';

const calendarJson = (c: CalendarIntegrationView) => ({
  id: c.id,
  provider: c.provider,
  provider_calendar_id: c.providerCalendarId,
  calendar_name: c.calendarName,
  sync_enabled: c.syncEnabled,
  sync_status: c.syncStatus,
  last_synced_at: c.lastSyncedAt?.toISOString() ?? null,
  last_error: c.lastError,
  skipped_events: c.skippedEvents,
  first_skip_error: c.firstSkipError,
  account_status: c.accountStatus,
  account_email: c.accountEmail,
  created_at: c.createdAt.toISOString(),
});

const patchBody = z.object({ sync_enabled: z.boolean() });
const idParams = z.object({ id: z.uuid() });

/** Provider-neutral view of the user's calendar integrations. */
export function calendarRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  return router
    .route(
      {
        method: 'get',
        path: '/calendars',
        tag: 'calendars',
        summary: 'My calendar integrations (all providers) with sync and account status',
      },
      async ({ actor }) => {
        return { data: (await listCalendarIntegrations(ctx, actor.userId)).map(calendarJson) };
      },
    )
    .route(
      {
        method: 'patch',
        path: '/calendars/:id',
        tag: 'calendars',
        summary: 'Turn scheduled syncing of a calendar on or off',
        params: idParams,
        body: patchBody,
      },
      async ({ params, body, actor }) => {
        return calendarJson(
          await updateCalendarIntegration(ctx, { userId: actor.userId, calendarId: params.id, syncEnabled: body.sync_enabled }),
        );
      },
    );
}
