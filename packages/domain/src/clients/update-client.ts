import type { Client } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { getClient } from './find-client.ts';

export type ClientPatch = {
  name?: string;
  email?: string | null;
  currency?: string;
  archived?: boolean;
  emailDomains?: string[];
  autoConvert?: boolean;
};

/** Updates a client (also archives/unarchives it). Existing invoices keep the currency they were made in. */
export async function updateClient(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  clientId: string,
  patch: ClientPatch,
): Promise<Client> {
  assertAdmin(actor, 'update clients');
  await getClient(ctx, actor, clientId);
  return ctx.prisma.client.update({
    where: { id: clientId },
    data: {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(patch.currency !== undefined ? { currency: patch.currency.toUpperCase() } : {}),
      ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
      ...(patch.emailDomains !== undefined ? { emailDomains: patch.emailDomains } : {}),
      ...(patch.autoConvert !== undefined ? { autoConvert: patch.autoConvert } : {}),
    },
  });
}

/** Archived clients leave the default lists; their history and invoices stay. */
export const archiveClient = (ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, clientId: string): Promise<Client> =>
  updateClient(ctx, actor, clientId, { archived: true });
