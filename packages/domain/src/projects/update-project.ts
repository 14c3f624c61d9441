import type { BillingRounding, Project } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { getProject } from './find-project.ts';
import { assertClientInOrganization, rethrowDuplicateCode } from './project-client.ts';

export type ProjectPatch = {
  name?: string;
  code?: string;
  clientId?: string | null;
  hourlyRateCents?: number;
  currency?: string;
  archived?: boolean;
  keywords?: string[];
  autoConvert?: boolean;
  billingRounding?: BillingRounding | null;
};

/**
 * Updates a project. A new rate applies to invoices created afterwards; invoice lines keep the rate
 * they were billed at. Existing time entries keep their client (they are history).
 */
export async function updateProject(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  projectId: string,
  patch: ProjectPatch,
): Promise<Project> {
  assertAdmin(actor, 'update projects');
  await getProject(ctx, actor, projectId);
  if (patch.clientId) await assertClientInOrganization(ctx, actor.organizationId, patch.clientId);
  try {
    return await ctx.prisma.project.update({
      where: { id: projectId },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.clientId !== undefined ? { clientId: patch.clientId } : {}),
        ...(patch.hourlyRateCents !== undefined ? { hourlyRateCents: patch.hourlyRateCents } : {}),
        ...(patch.currency !== undefined ? { currency: patch.currency.toUpperCase() } : {}),
        ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
        ...(patch.keywords !== undefined ? { keywords: patch.keywords } : {}),
        ...(patch.autoConvert !== undefined ? { autoConvert: patch.autoConvert } : {}),
        ...(patch.billingRounding !== undefined ? { billingRounding: patch.billingRounding } : {}),
      },
    });
  } catch (error) {
    rethrowDuplicateCode(error, patch.code);
  }
}

/** Archived projects leave the default lists and take no new time entries. */
export const archiveProject = (ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, projectId: string): Promise<Project> =>
  updateProject(ctx, actor, projectId, { archived: true });
