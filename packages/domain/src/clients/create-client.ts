import type { Client } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';

/** `emailDomains` must already be checked with checkClientDomain (the API's schema does it). */
export type ClientInput = { name: string; email?: string | null; currency?: string; emailDomains?: string[]; autoConvert?: boolean };

export async function createClient(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, input: ClientInput): Promise<Client> {
  assertAdmin(actor, 'create clients');
  return ctx.prisma.client.create({
    data: {
      organizationId: actor.organizationId,
      name: input.name,
      email: input.email ?? null,
      currency: (input.currency ?? 'USD').toUpperCase(),
      emailDomains: input.emailDomains ?? [],
      autoConvert: input.autoConvert ?? false,
    },
  });
}
