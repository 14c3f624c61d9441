import { AppError } from '@billops/core';
import type { Client } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

/** A client of the actor's organization; another organization's id is 404, never 403 (no existence leak). */
export async function getClient(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, clientId: string): Promise<Client> {
  const client = await ctx.prisma.client.findFirst({ where: { id: clientId, organizationId: actor.organizationId } });
  if (!client) throw AppError.notFound('Client');
  return client;
}
