import type { Project } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

/** The organization's projects by code, optionally for one client; archived ones only when asked for. */
export function listProjects(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  options: { includeArchived?: boolean; clientId?: string } = {},
): Promise<Project[]> {
  return ctx.prisma.project.findMany({
    where: {
      organizationId: actor.organizationId,
      ...(options.includeArchived ? {} : { archived: false }),
      ...(options.clientId ? { clientId: options.clientId } : {}),
    },
    orderBy: [{ code: 'asc' }],
  });
}
