import { AppError } from '@billops/core';
import type { Project } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

/** A project of the actor's organization; another organization's id is 404. */
export async function getProject(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, projectId: string): Promise<Project> {
  const project = await ctx.prisma.project.findFirst({ where: { id: projectId, organizationId: actor.organizationId } });
  if (!project) throw AppError.notFound('Project');
  return project;
}
