import type { BillingRounding, Organization } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from './permissions.ts';

export const getOrganization = (ctx: Pick<ServiceContext, 'prisma'>, actor: Actor): Promise<Organization> =>
  ctx.prisma.organization.findUniqueOrThrow({ where: { id: actor.organizationId } });

/** Organization-wide settings (owners/admins). Rounding applies to invoices drafted afterwards. */
export async function updateOrganization(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  patch: { name?: string; billingRounding?: BillingRounding },
): Promise<Organization> {
  assertAdmin(actor, 'change organization settings');
  return ctx.prisma.organization.update({
    where: { id: actor.organizationId },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.billingRounding !== undefined ? { billingRounding: patch.billingRounding } : {}),
    },
  });
}
