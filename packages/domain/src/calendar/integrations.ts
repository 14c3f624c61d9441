import { AppError } from '@billops/core';
import { isUniqueViolation, withTransaction, type CalendarIntegration, type Db, type OAuthAccountStatus } from '@billops/db';
import type { CalendarProviderName } from '@billops/providers';
import { isRedisUnavailable, type Job } from '@billops/queue';
import type { ServiceContext } from '../context.ts';
import { outboxJobId, recordJob } from '../outbox/record-job.ts';
import { relayOutbox } from '../outbox/relay.ts';
import { calendarSyncDedupId } from '../jobs/calendar-sync/definition.ts';
import { listProviderCalendars, requireAccount } from './calendar-list.ts';
import { reauthRequired } from '../provider-errors.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;

/** Records a sync of one calendar in the job outbox; BullMQ de-duplicates by calendar, so a sync already queued or running is joined. */
function recordCalendarSync(db: Db, input: { calendarId: string; requestedBy: string; reason: 'manual' | 'selected' }) {
  return recordJob(
    db,
    'calendarSync',
    { calendarId: input.calendarId, mode: 'incremental', reason: input.reason, requestedBy: input.requestedBy },
    { deduplication: { id: calendarSyncDedupId(input.calendarId) } },
  );
}

export type SyncRequest = {
  /** The job to follow (poll /jobs/:id); while Redis is away, the id its outbox row will get. */
  jobId: string;
  /** The BullMQ job, when Redis took it now. */
  job?: Job;
};

/**
 * "Sync now", step 1. The request is counted and its job recorded in one transaction: a run already
 * under way, which this request joins, sees the count move and follows up with another pass.
 * Returns the outbox row and the request's number (a run whose `requestsCovered` is lower finished
 * its last write before this request, so did not cover it); step 2 (relaySyncRequest) hands the row to Redis.
 */
export async function requestCalendarSync(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { calendarId: string; userId: string },
): Promise<{ rowId: string; requestNumber: number }> {
  return withTransaction(ctx.prisma, async (tx) => {
    const { syncRequests } = await tx.calendarIntegration.update({
      where: { id: input.calendarId },
      data: { syncRequests: { increment: 1 } },
      select: { syncRequests: true },
    });
    const rowId = (await recordCalendarSync(tx, { calendarId: input.calendarId, requestedBy: input.userId, reason: 'manual' }))!;
    return { rowId, requestNumber: syncRequests };
  });
}

/**
 * "Sync now", step 2: the caller is waiting, so the recorded job goes to Redis now rather than at
 * the relay's next pass. If Redis is away it stays in the outbox and runs when Redis is back. A
 * scheduled sync still waiting out its jitter (or a retry its backoff) is joined and started now.
 */
export async function relaySyncRequest(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'logger'>,
  input: { rowId: string; calendarId: string },
): Promise<SyncRequest> {
  const pending = { jobId: outboxJobId({ id: input.rowId, options: {} }) };
  try {
    const job =
      (await relayOutbox(ctx, { ids: [input.rowId] })).jobs.get(input.rowId) ??
      (await relayedSyncJob(ctx, input.calendarId, pending.jobId));
    if (!job) return pending;
    // It may have started meanwhile: then there is nothing to promote.
    if ((await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
    return { jobId: job.id!, job };
  } catch (error) {
    if (!isRedisUnavailable(error)) throw error;
    ctx.logger.warn({ err: error, rowId: input.rowId }, 'sync request kept in the outbox until Redis is back');
    return pending;
  }
}

/** A worker's relay moved the row first: the job is under the row's id, or is the calendar's sync it joined. */
async function relayedSyncJob(ctx: Pick<ServiceContext, 'queues'>, calendarId: string, jobId: string): Promise<Job | undefined> {
  const queue = ctx.queues.queues.calendar;
  const joined =
    (await queue.getJob(jobId)) ??
    (await queue.getDeduplicationJobId(calendarSyncDedupId(calendarId)).then((id) => (id ? queue.getJob(id) : undefined)));
  return joined ?? undefined;
}

/**
 * Selects one of the account's calendars for syncing. Selecting it again returns the same
 * integration (re-activating it if it was stopped). A first sync starts in the background.
 */
export async function selectCalendar(
  ctx: Ctx,
  input: { userId: string; provider: CalendarProviderName; providerCalendarId: string; calendarName?: string },
): Promise<CalendarIntegration> {
  const account = await requireAccount(ctx, input.userId, input.provider);
  // A calendar added to a connection that needs reconnecting could only fail its first sync.
  if (account.status !== 'active') throw reauthRequired(input.provider);
  const calendars = await listProviderCalendars(ctx, { userId: input.userId, provider: input.provider });
  const known = calendars.find((c) => c.id === input.providerCalendarId);
  if (!known)
    throw new AppError('not_found', `Calendar ${input.providerCalendarId} is not in your ${input.provider} account`, {
      reason: 'calendar_not_found',
    });
  const name = input.calendarName?.trim() || known.name;
  const upsert = () =>
    ctx.prisma.calendarIntegration.upsert({
      where: { oauthAccountId_providerCalendarId: { oauthAccountId: account.id, providerCalendarId: known.id } },
      create: {
        userId: input.userId,
        oauthAccountId: account.id,
        provider: input.provider,
        providerCalendarId: known.id,
        calendarName: name,
      },
      update: { calendarName: name, isActive: true, syncEnabled: true },
    });
  // Two selections racing: the loser's insert hits the unique key and its retry updates the winner's row.
  const integration = await upsert().catch((error: unknown) => {
    if (isUniqueViolation(error)) return upsert();
    throw error;
  });
  // Not in the upsert's transaction (its unique-key retry needs a fresh statement): should this
  // fail, the selection stands and the hourly sync picks the calendar up.
  await recordCalendarSync(ctx.prisma, { calendarId: integration.id, requestedBy: input.userId, reason: 'selected' });
  return integration;
}

export type CalendarIntegrationView = CalendarIntegration & { accountStatus: OAuthAccountStatus; accountEmail: string | null };

/** The user's calendar integrations (all providers) with their account's status. */
export async function listCalendarIntegrations(ctx: Pick<ServiceContext, 'prisma'>, userId: string): Promise<CalendarIntegrationView[]> {
  const rows = await ctx.prisma.calendarIntegration.findMany({
    where: { userId, isActive: true },
    include: { oauthAccount: { select: { status: true, providerEmail: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(({ oauthAccount, ...row }) => ({ ...row, accountStatus: oauthAccount.status, accountEmail: oauthAccount.providerEmail }));
}

/** One of the user's integrations, 404 otherwise (someone else's looks the same as a missing one). */
export async function requireIntegration(
  ctx: Pick<ServiceContext, 'prisma'>,
  userId: string,
  calendarId: string,
  provider?: CalendarProviderName,
) {
  const integration = await ctx.prisma.calendarIntegration.findFirst({
    where: { id: calendarId, userId, isActive: true, ...(provider ? { provider } : {}) },
  });
  if (!integration) throw new AppError('not_found', 'Calendar not found', { reason: 'calendar_not_found' });
  return integration;
}

export async function updateCalendarIntegration(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { userId: string; calendarId: string; syncEnabled: boolean },
): Promise<CalendarIntegrationView> {
  await requireIntegration(ctx, input.userId, input.calendarId);
  await ctx.prisma.calendarIntegration.update({ where: { id: input.calendarId }, data: { syncEnabled: input.syncEnabled } });
  const view = (await listCalendarIntegrations(ctx, input.userId)).find((c) => c.id === input.calendarId);
  if (!view) throw AppError.notFound('Calendar');
  return view;
}

/** Stops syncing a calendar. Its synced events and any time entries made from them stay. */
export async function stopCalendarSync(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { userId: string; provider: CalendarProviderName; calendarId: string },
): Promise<void> {
  await requireIntegration(ctx, input.userId, input.calendarId, input.provider);
  await ctx.prisma.calendarIntegration.update({
    where: { id: input.calendarId },
    data: { isActive: false, syncEnabled: false, syncCursor: null, syncStatus: 'idle' },
  });
}
