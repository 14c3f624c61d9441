import { AppError } from '@billops/core';
import type { TimeEntry } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertNotInvoiced, getTimeEntry, invoicedConflict } from './access.ts';
import { MAX_DURATION_SECONDS, resolveClientId } from './create-time-entry.ts';

export type TimeEntryPatch = {
  projectId?: string | null;
  clientId?: string | null;
  description?: string;
  startedAt?: Date;
  endedAt?: Date;
  billable?: boolean;
};

/**
 * Edits an entry the actor may edit (their own; any in the organization for admins). Invoiced
 * entries are frozen (409). The write is conditional on `invoice_id IS NULL`, so an edit racing an
 * invoice that claims the entry either lands before the claim or fails: the bill never goes stale.
 */
export async function updateTimeEntry(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  entryId: string,
  patch: TimeEntryPatch,
): Promise<TimeEntry> {
  const entry = await getTimeEntry(ctx, actor, entryId);
  assertNotInvoiced(entry);

  const startedAt = patch.startedAt ?? entry.startedAt;
  const endedAt = patch.endedAt ?? entry.endedAt;
  const durationSeconds = Math.round((endedAt.getTime() - startedAt.getTime()) / 1000);
  if (durationSeconds <= 0)
    throw new AppError('validation_failed', 'ended_at must be after started_at', {
      details: [{ path: 'ended_at', message: 'must be after started_at' }],
    });
  if (durationSeconds > MAX_DURATION_SECONDS)
    throw new AppError('validation_failed', 'A time entry cannot be longer than 24 hours', {
      details: [{ path: 'ended_at', message: 'longer than 24 hours' }],
    });

  const assignment = await resolveAssignment(ctx, actor, entry, patch);
  const [updated] = await ctx.prisma.timeEntry.updateManyAndReturn({
    where: { id: entry.id, invoiceId: null },
    data: {
      ...assignment,
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.billable !== undefined ? { billable: patch.billable } : {}),
      startedAt,
      endedAt,
      durationSeconds,
    },
  });
  // No row: an invoice claimed the entry between our read and this write.
  if (!updated) throw invoicedConflict();
  return updated;
}

/** Project and client move together: a project with a client decides the client. */
async function resolveAssignment(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, entry: TimeEntry, patch: TimeEntryPatch) {
  const projectChanged = patch.projectId !== undefined && patch.projectId !== entry.projectId;
  if (!projectChanged && patch.clientId === undefined) return {};
  const projectId = patch.projectId !== undefined ? patch.projectId : entry.projectId;
  // A new project brings its own client unless one is given; keeping the project keeps the client unless one is given.
  const clientId = patch.clientId !== undefined ? patch.clientId : projectChanged ? null : entry.clientId;
  if (projectChanged) {
    return { projectId, clientId: await resolveClientId(ctx, { organizationId: actor.organizationId, projectId, clientId }) };
  }
  // Same (possibly archived) project, new client: it must match the project's client, if it has one.
  if (projectId) {
    const project = await ctx.prisma.project.findFirst({
      where: { id: projectId, organizationId: actor.organizationId },
      select: { clientId: true },
    });
    if (project?.clientId && clientId !== project.clientId) {
      throw new AppError('validation_failed', "client_id does not match the project's client", {
        details: [{ path: 'client_id', message: "does not match the project's client" }],
      });
    }
  }
  if (clientId) {
    const client = await ctx.prisma.client.findFirst({
      where: { id: clientId, organizationId: actor.organizationId },
      select: { id: true },
    });
    if (!client) throw new AppError('not_found', 'Client not found', { reason: 'client_not_found' });
  }
  return { clientId };
}
