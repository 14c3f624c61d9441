import { AppError } from '@billops/core';
import { Prisma, queryRows, type TimeEntry, type TimeEntrySource } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import type { JobKey } from '../jobs/catalog.ts';
import { TIME_ENTRY_CREATED_JOB_ID_PREFIX } from '../jobs/notify-time-entry-created/definition.ts';

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
  /** Made by an auto-convert rule, not by the user. */
  auto?: boolean;
};

export type CreateTimeEntryResult = { entry: TimeEntry; created: boolean };

/** Longest single entry (also enforced when an entry is edited). */
export const MAX_DURATION_SECONDS = 24 * 3600;

/**
 * The one way a time entry comes into existence, whatever its source (manual, calendar, Slack).
 * Validates project/client ownership, derives the duration, is idempotent on `sourceRef`, and
 * records the "time entry created" notification in the job outbox in the same statement as the
 * entry, for new entries only: an entry exists exactly when its notification is on its way, whatever
 * Redis is doing. Inside a transaction (`prisma` is a tx), both commit or roll back with it.
 */
export async function createTimeEntry(ctx: Pick<ServiceContext, 'prisma'>, input: CreateTimeEntryInput): Promise<CreateTimeEntryResult> {
  // No look-up first: the unique source reference decides (see the catch), which saves a round
  // trip on every /time and convert, the hot paths.
  const durationSeconds = Math.round((input.endedAt.getTime() - input.startedAt.getTime()) / 1000);
  if (durationSeconds <= 0)
    throw new AppError('validation_failed', 'ended_at must be after started_at', {
      details: [{ path: 'ended_at', message: 'must be after started_at' }],
    });
  if (durationSeconds > MAX_DURATION_SECONDS)
    throw new AppError('validation_failed', 'A time entry cannot be longer than 24 hours', {
      details: [{ path: 'ended_at', message: 'longer than 24 hours' }],
    });

  // An explicit client is checked first (rare: manual entries); a project alone is checked by the
  // INSERT itself, which takes the project's client, so the hot paths are one statement.
  const clientId = input.clientId ? await resolveClientId(ctx, input) : null;
  const projectId = input.projectId ?? null;
  // Plain SQL on the hot path (every /time and convert): ON CONFLICT DO NOTHING turns a replay
  // (Slack retry, double submit, second convert) or a concurrent twin into "no row", without an
  // error that would abort a surrounding transaction; the first entry is returned instead. The
  // outbox row is written by the same statement (atomic on its own), only when an entry was made.
  const [entry] = await queryRows<TimeEntry>(
    ctx.prisma,
    Prisma.sql`
    WITH entry AS (
      INSERT INTO time_entries (id, organization_id, user_id, project_id, client_id, description, started_at, ended_at,
                                duration_seconds, billable, source, source_ref, auto, created_at, updated_at)
      SELECT gen_random_uuid(), ${input.organizationId}::uuid, ${input.userId}::uuid, p.id, COALESCE(p.client_id, ${clientId}::uuid),
             ${input.description ?? ''}, ${input.startedAt}::timestamptz, ${input.endedAt}::timestamptz, ${durationSeconds},
             ${input.billable ?? true}, ${input.source}::"TimeEntrySource", ${input.sourceRef ?? null}, ${input.auto ?? false}, now(), now()
      FROM (SELECT 1) AS one
      LEFT JOIN projects p ON p.id = ${projectId}::uuid AND p.organization_id = ${input.organizationId}::uuid AND NOT p.archived
      WHERE ${projectId}::uuid IS NULL OR p.id IS NOT NULL
      ON CONFLICT (source_ref) DO NOTHING
      RETURNING ${TIME_ENTRY_COLUMNS}),
    notification AS (
      INSERT INTO job_outbox (job_key, payload, options)
      SELECT ${NOTIFY_JOB}::text, jsonb_build_object('timeEntryId', entry.id),
             jsonb_build_object('jobId', ${TIME_ENTRY_CREATED_JOB_ID_PREFIX}::text || entry.id)
      FROM entry)
    SELECT * FROM entry`,
  );
  if (!entry) {
    // No row: the project is missing or archived (this throws why), or the source reference exists.
    if (projectId) await resolveClientId(ctx, { ...input, clientId: null });
    const existing = input.sourceRef ? await ctx.prisma.timeEntry.findUnique({ where: { sourceRef: input.sourceRef } }) : null;
    // The twin was deleted in between, or the project changed under us: nothing is lost by retrying.
    if (!existing)
      throw new AppError('conflict', 'The time entry or its project changed while being created; try again', { reason: 'entry_race' });
    // Its notification was recorded with it.
    return { entry: existing, created: false };
  }
  return { entry, created: true };
}

const NOTIFY_JOB: JobKey = 'notifyTimeEntryCreated';

/** time_entries columns under their model names, for plain-SQL reads that return TimeEntry rows. */
export const TIME_ENTRY_COLUMNS = Prisma.sql`id, organization_id AS "organizationId", user_id AS "userId", project_id AS "projectId",
  client_id AS "clientId", description, started_at AS "startedAt", ended_at AS "endedAt", duration_seconds AS "durationSeconds",
  billable, source::text AS source, source_ref AS "sourceRef", auto, invoice_id AS "invoiceId", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/** The project's client wins; an explicit client must belong to the organization too. */
export async function resolveClientId(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: Pick<CreateTimeEntryInput, 'organizationId' | 'projectId' | 'clientId'>,
): Promise<string | null> {
  if (input.projectId) {
    const [project] = await queryRows<{ clientId: string | null; archived: boolean }>(
      ctx.prisma,
      Prisma.sql`SELECT client_id AS "clientId", archived FROM projects
                 WHERE id = ${input.projectId}::uuid AND organization_id = ${input.organizationId}::uuid`,
    );
    if (!project) throw new AppError('not_found', 'Project not found', { reason: 'project_not_found' });
    if (project.archived) throw new AppError('conflict', 'Project is archived', { reason: 'project_archived' });
    if (input.clientId && project.clientId && input.clientId !== project.clientId) {
      throw new AppError('validation_failed', "client_id does not match the project's client", {
        details: [{ path: 'client_id', message: "does not match the project's client" }],
      });
    }
    if (project.clientId) return project.clientId;
  }
  if (input.clientId) {
    const client = await ctx.prisma.client.findFirst({
      where: { id: input.clientId, organizationId: input.organizationId },
      select: { id: true },
    });
    if (!client) throw new AppError('not_found', 'Client not found', { reason: 'client_not_found' });
    return client.id;
  }
  return null;
}
