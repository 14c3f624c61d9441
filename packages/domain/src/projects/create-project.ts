import type { BillingRounding, Project } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { assertClientInOrganization, rethrowDuplicateCode } from './project-client.ts';

export type ProjectInput = {
  name: string;
  /** Short slug used by the Slack `/time` command, unique per organization. */
  code: string;
  clientId?: string | null;
  hourlyRateCents?: number;
  /** Defaults to the client's currency, or USD without a client. */
  currency?: string;
  /** Normalized with normalizeKeyword (the API's schema does it). */
  keywords?: string[];
  autoConvert?: boolean;
  billingRounding?: BillingRounding | null;
};

export async function createProject(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, input: ProjectInput): Promise<Project> {
  assertAdmin(actor, 'create projects');
  const client = input.clientId ? await assertClientInOrganization(ctx, actor.organizationId, input.clientId) : null;
  try {
    return await ctx.prisma.project.create({
      data: {
        organizationId: actor.organizationId,
        clientId: client?.id ?? null,
        name: input.name,
        code: input.code,
        hourlyRateCents: input.hourlyRateCents ?? 0,
        currency: (input.currency ?? client?.currency ?? 'USD').toUpperCase(),
        keywords: input.keywords ?? [],
        autoConvert: input.autoConvert ?? false,
        billingRounding: input.billingRounding ?? null,
      },
    });
  } catch (error) {
    rethrowDuplicateCode(error, input.code);
  }
}
