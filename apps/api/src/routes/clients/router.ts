import { archiveClient, createClient, getClient, listClients, updateClient } from '@billops/domain';
import type { Client } from '@billops/db';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { clientListResponse, clientResponse, createClientBody, idParams, listClientsQuery, updateClientBody } from './schemas.ts';

export const clientJson = (c: Client) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  currency: c.currency,
  archived: c.archived,
  email_domains: c.emailDomains,
  auto_convert: c.autoConvert,
  created_at: c.createdAt.toISOString(),
  updated_at: c.updatedAt.toISOString(),
});

/** Clients: every member reads, owners/admins write. */
export function clientRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'clients';
  return router
    .route(
      {
        method: 'get',
        path: '/clients',
        tag,
        summary: 'List clients (archived ones with include_archived=true)',
        query: listClientsQuery,
        responses: { 200: clientListResponse },
      },
      async ({ actor, query }) => ({ data: (await listClients(ctx, actor, { includeArchived: query.include_archived })).map(clientJson) }),
    )
    .route(
      {
        method: 'post',
        path: '/clients',
        tag,
        summary: 'Create a client (admin/owner)',
        body: createClientBody,
        status: 201,
        responses: { 201: clientResponse },
      },
      async ({ actor, body }) =>
        clientJson(await createClient(ctx, actor, { ...body, emailDomains: body.email_domains, autoConvert: body.auto_convert })),
    )
    .route(
      { method: 'get', path: '/clients/:id', tag, summary: 'Get a client', params: idParams, responses: { 200: clientResponse } },
      async ({ actor, params }) => clientJson(await getClient(ctx, actor, params.id)),
    )
    .route(
      {
        method: 'patch',
        path: '/clients/:id',
        tag,
        summary: 'Update a client (admin/owner; archived=false unarchives)',
        params: idParams,
        body: updateClientBody,
        responses: { 200: clientResponse },
      },
      async ({ actor, params, body }) =>
        clientJson(
          await updateClient(ctx, actor, params.id, { ...body, emailDomains: body.email_domains, autoConvert: body.auto_convert }),
        ),
    )
    .route(
      {
        method: 'post',
        path: '/clients/:id/archive',
        tag,
        summary: 'Archive a client (admin/owner)',
        params: idParams,
        responses: { 200: clientResponse },
      },
      async ({ actor, params }) => clientJson(await archiveClient(ctx, actor, params.id)),
    );
}
