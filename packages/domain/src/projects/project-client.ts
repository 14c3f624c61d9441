import { AppError } from '@billops/core';
import { isUniqueViolation } from '@billops/db';
import type { ServiceContext } from '../context.ts';

/** The project's client must belong to the same organization (another organization's id is 404). */
export async function assertClientInOrganization(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string, clientId: string) {
  const client = await ctx.prisma.client.findFirst({ where: { id: clientId, organizationId }, select: { id: true, currency: true } });
  if (!client) throw new AppError('not_found', 'Client not found', { reason: 'client_not_found' });
  return client;
}

/** Maps the (organization, code) unique violation to a 409 the caller can act on. */
export function rethrowDuplicateCode(error: unknown, code: string | undefined): never {
  if (isUniqueViolation(error)) {
    throw new AppError('conflict', `A project with code "${code}" already exists in this organization`, { reason: 'duplicate_code' });
  }
  throw error;
}
