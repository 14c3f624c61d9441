import { archiveProject, createProject, getProject, listProjects, updateProject } from '@billops/domain';
import type { Project } from '@billops/db';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { idParams } from '../clients/schemas.ts';
import { createProjectBody, listProjectsQuery, projectListResponse, projectResponse, updateProjectBody } from './schemas.ts';

export const projectJson = (p: Project) => ({
  id: p.id,
  client_id: p.clientId,
  name: p.name,
  code: p.code,
  hourly_rate_cents: p.hourlyRateCents,
  currency: p.currency,
  archived: p.archived,
  keywords: p.keywords,
  auto_convert: p.autoConvert,
  billing_rounding: p.billingRounding,
  created_at: p.createdAt.toISOString(),
  updated_at: p.updatedAt.toISOString(),
});

/** Projects: every member reads, owners/admins write; `code` is unique per organization (409). */
export function projectRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'projects';
  return router
    .route(
      {
        method: 'get',
        path: '/projects',
        tag,
        summary: 'List projects (archived ones with include_archived=true)',
        query: listProjectsQuery,
        responses: { 200: projectListResponse },
      },
      async ({ actor, query }) => ({
        data: (await listProjects(ctx, actor, { includeArchived: query.include_archived, clientId: query.client_id })).map(projectJson),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/projects',
        tag,
        summary: 'Create a project (admin/owner)',
        body: createProjectBody,
        status: 201,
        responses: { 201: projectResponse },
      },
      async ({ actor, body }) =>
        projectJson(
          await createProject(ctx, actor, {
            name: body.name,
            code: body.code,
            clientId: body.client_id,
            hourlyRateCents: body.hourly_rate_cents,
            currency: body.currency,
            keywords: body.keywords,
            autoConvert: body.auto_convert,
            billingRounding: body.billing_rounding,
          }),
        ),
    )
    .route(
      { method: 'get', path: '/projects/:id', tag, summary: 'Get a project', params: idParams, responses: { 200: projectResponse } },
      async ({ actor, params }) => projectJson(await getProject(ctx, actor, params.id)),
    )
    .route(
      {
        method: 'patch',
        path: '/projects/:id',
        tag,
        summary: 'Update a project (admin/owner; archived=false unarchives)',
        params: idParams,
        body: updateProjectBody,
        responses: { 200: projectResponse },
      },
      async ({ actor, params, body }) =>
        projectJson(
          await updateProject(ctx, actor, params.id, {
            name: body.name,
            code: body.code,
            clientId: body.client_id,
            hourlyRateCents: body.hourly_rate_cents,
            currency: body.currency,
            archived: body.archived,
            keywords: body.keywords,
            autoConvert: body.auto_convert,
            billingRounding: body.billing_rounding,
          }),
        ),
    )
    .route(
      {
        method: 'post',
        path: '/projects/:id/archive',
        tag,
        summary: 'Archive a project (admin/owner); archived projects take no new time',
        params: idParams,
        responses: { 200: projectResponse },
      },
      async ({ actor, params }) => projectJson(await archiveProject(ctx, actor, params.id)),
    );
}
