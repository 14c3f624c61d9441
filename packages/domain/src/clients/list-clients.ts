import type { Client } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

/** The organization's clients by name; archived ones only when asked for. */
export function listClients(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  options: { includeArchived?: boolean } = {},
): Promise<Client[]> {
  return ctx.prisma.client.findMany({
    where: { organizationId: actor.organizationId, ...(options.includeArchived ? {} : { archived: false }) },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}
