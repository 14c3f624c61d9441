import { AppError } from '@billops/core';
import { isUniqueViolation, type TimeEntry, type TimeEntrySource } from '@billops/db';
import type { ServiceContext } from '../context.ts';

export type CreateTimeEntryInput = {
  organizationId: string;
  userId: string;
  projectId?: string | null;
  clientId?: string | null;
  description?: string;
  startedAt: Date;
  endedAt: Date;
  billable?: boolean;
  source: TimeEntrySource;
  /**
   * Idempotency key of the entry's origin (`calendar:<event id>`, `slack:<team>:<trigger>`).
   * Creating twice with the same key returns the first entry instead of a second one.
   */
  sourceRef?: string | null;
};

export type CreateTimeEntryResult = { entry: TimeEntry; created: boolean };

/** Longest single entry (also enforced when an entry is edited). */
export const MAX_DURATION_SECONDS = 24 * 3600;

/**
 * The one way a time entry comes into existence, whatever its source (manual, calendar, Slack).
 * Validates project/client ownership, derives the duration, is idempotent on `sourceRef`, and
 * enqueues the "time entry created" notification for new entries only.
 */
export async function createTimeEntry(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, input: CreateTimeEntryInput): Promise<CreateTimeEntryResult> {
  // No look-up first: the unique source reference decides (see the catch), which saves a round
  // trip on every /time and convert, the hot paths.
  const durationSeconds = Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000);
  if (durationSeconds <= 0) throw new AppError('validation_failed', 'ended_at must be after started_at', { details: [{ path: 'ended_at', message: 'must be after started_at' }] });
  if (durationSeconds > MAX_DURATION_SECONDS) throw new AppError('validation_failed', 'A time entry cannot be longer than 24 hours', { details: [{ path: 'ended_at', message: 'longer than 24 hours' }] });

  const clientId = await resolveClientId(ctx, input);
  try {
    const entry = await ctx.prisma.timeEntry.create({
      data: {
        organizationId: input.organizationId,
        userId: input.userId,
        projectId: input.projectId ?? null,
        clientId,
        description: input.description ?? '',
        startedAt: input.startedAt,
        endedAt: input.endedAt,
        durationSeconds,
        billable: input.billable ?? true,
        source: input.source,
        sourceRef: input.sourceRef ?? null,
      },
    });
    // Deduplicated by entry id, so a retried create never notifies twice.
    await ctx.queues.enqueue('notifyTimeEntryCreated', { timeEntryId: entry.id }, { jobId: `time-entry-created-${entry.id}` });
    return { entry, created: true };
  } catch (error) {
    // A replay (Slack retry, double submit, second convert) or a concurrent twin: return the first entry.
    if (input.sourceRef && isUniqueViolation(error)) {
      const existing = await ctx.prisma.timeEntry.findUnique({ where: { sourceRef: input.sourceRef } });
      if (existing) return { entry: existing, created: false };
    }
    throw error;
  }
}

/** The project's client wins; an explicit client must belong to the organization too. */
export async function resolveClientId(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: Pick<CreateTimeEntryInput, 'organizationId' | 'projectId' | 'clientId'>,
): Promise<string | null> {
  if (input.projectId) {
    const project = await ctx.prisma.project.findFirst({ where: { id: input.projectId, organizationId: input.organizationId } });
    if (!project) throw new AppError('not_found', 'Project not found', { reason: 'project_not_found' });
    if (project.archived) throw new AppError('conflict', 'Project is archived', { reason: 'project_archived' });
    if (input.clientId && project.clientId && input.clientId !== project.clientId) {
      throw new AppError('validation_failed', "client_id does not match the project's client", { details: [{ path: 'client_id', message: "does not match the project's client" }] });
    }
    if (project.clientId) return project.clientId;
  }
  if (input.clientId) {
    const client = await ctx.prisma.client.findFirst({ where: { id: input.clientId, organizationId: input.organizationId }, select: { id: true } });
    if (!client) throw new AppError('not_found', 'Client not found', { reason: 'client_not_found' });
    return client.id;
  }
  return null;
}
