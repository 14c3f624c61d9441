import { text } from '@billops/core';
import { getOrganization, updateOrganization } from '@billops/domain';
import type { Organization } from '@billops/db';
import { z } from 'zod';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { billingRounding } from '../projects/schemas.ts';

const organizationResponse = z.object({ id: z.uuid(), name: z.string(), billing_rounding: billingRounding });
const updateOrganizationBody = z
  .object({ name: text({ min: 1, max: 200 }), billing_rounding: billingRounding })
  .partial()
  .refine((b) => b.name !== undefined || b.billing_rounding !== undefined, 'give name or billing_rounding');

const organizationJson = (o: Organization) => ({ id: o.id, name: o.name, billing_rounding: o.billingRounding });

/** The organization of the session: everyone reads it, owners/admins change it. */
export function organizationRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'organization';
  return router
    .route(
      {
        method: 'get',
        path: '/organization',
        tag,
        summary: 'The current organization and its settings',
        responses: { 200: organizationResponse },
      },
      async ({ actor }) => organizationJson(await getOrganization(ctx, actor)),
    )
    .route(
      {
        method: 'patch',
        path: '/organization',
        tag,
        summary: 'Change the name or the invoice-line rounding (admin/owner); projects may override the rounding',
        body: updateOrganizationBody,
        responses: { 200: organizationResponse },
      },
      async ({ actor, body }) =>
        organizationJson(await updateOrganization(ctx, actor, { name: body.name, billingRounding: body.billing_rounding })),
    );
}
