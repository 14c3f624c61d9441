import { createManualTimeEntry, deleteTimeEntry, getTimeEntry, listTimeEntries, updateTimeEntry } from '@billops/domain';
import type { TimeEntry } from '@billops/db';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { idParams } from '../clients/schemas.ts';
import { createTimeEntryBody, listTimeEntriesQuery, timeEntryPageResponse, timeEntryResponse, updateTimeEntryBody } from './schemas.ts';

export const timeEntryJson = (e: TimeEntry) => ({
  id: e.id,
  user_id: e.userId,
  project_id: e.projectId,
  client_id: e.clientId,
  description: e.description,
  started_at: e.startedAt.toISOString(),
  ended_at: e.endedAt.toISOString(),
  duration_seconds: e.durationSeconds,
  billable: e.billable,
  source: e.source,
  auto: e.auto,
  invoice_id: e.invoiceId,
  created_at: e.createdAt.toISOString(),
  updated_at: e.updatedAt.toISOString(),
});

/** Time entries: members see and edit their own, owners/admins the whole organization; invoiced entries are frozen (409). */
export function timeEntryRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'time-entries';
  return router
    .route(
      {
        method: 'get',
        path: '/time-entries',
        tag,
        summary: 'List time entries, newest first (cursor pagination: pass next_cursor back as cursor)',
        query: listTimeEntriesQuery,
        responses: { 200: timeEntryPageResponse },
      },
      async ({ actor, query }) => {
        const page = await listTimeEntries(
          ctx,
          actor,
          {
            from: query.from,
            to: query.to,
            projectId: query.project_id,
            clientId: query.client_id,
            source: query.source,
            billable: query.billable,
            invoiced: query.invoiced,
            userId: query.user_id,
          },
          { cursor: query.cursor, limit: query.limit },
        );
        return { data: page.entries.map(timeEntryJson), next_cursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'post',
        path: '/time-entries',
        tag,
        summary: 'Log time by hand',
        body: createTimeEntryBody,
        status: 201,
        responses: { 201: timeEntryResponse },
      },
      async ({ actor, body }) =>
        timeEntryJson(
          await createManualTimeEntry(ctx, actor, {
            projectId: body.project_id,
            clientId: body.client_id,
            description: body.description,
            startedAt: body.started_at,
            endedAt: body.ended_at,
            billable: body.billable,
            userId: body.user_id,
          }),
        ),
    )
    .route(
      {
        method: 'get',
        path: '/time-entries/:id',
        tag,
        summary: 'Get a time entry',
        params: idParams,
        responses: { 200: timeEntryResponse },
      },
      async ({ actor, params }) => timeEntryJson(await getTimeEntry(ctx, actor, params.id)),
    )
    .route(
      {
        method: 'patch',
        path: '/time-entries/:id',
        tag,
        summary: 'Update a time entry (409 once invoiced)',
        params: idParams,
        body: updateTimeEntryBody,
        responses: { 200: timeEntryResponse },
      },
      async ({ actor, params, body }) =>
        timeEntryJson(
          await updateTimeEntry(ctx, actor, params.id, {
            projectId: body.project_id,
            clientId: body.client_id,
            description: body.description,
            startedAt: body.started_at,
            endedAt: body.ended_at,
            billable: body.billable,
          }),
        ),
    )
    .route(
      { method: 'delete', path: '/time-entries/:id', tag, summary: 'Delete a time entry (409 once invoiced)', params: idParams },
      async ({ actor, params }) => {
        await deleteTimeEntry(ctx, actor, params.id);
      },
    );
}
