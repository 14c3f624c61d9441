import { AppError } from '@billops/core';
import { isUniqueViolation, type CalendarIntegration, type OAuthAccountStatus } from '@billops/db';
import type { CalendarProviderName } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { calendarSyncDedupId } from '../scheduling/enqueue-calendar-syncs.ts';
import { listProviderCalendars, requireAccount } from './calendar-list.ts';
import { reauthRequired } from '../provider-errors.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;

/** Queues a sync of one calendar; BullMQ de-duplicates by calendar, so a sync already queued or running is joined. */
function enqueueCalendarSync(ctx: Pick<ServiceContext, 'queues'>, input: { calendarId: string; requestedBy: string; reason: 'manual' | 'selected' }) {
  return ctx.queues.enqueue(
    'calendarSync',
    { calendarId: input.calendarId, mode: 'incremental', reason: input.reason, requestedBy: input.requestedBy },
    { deduplication: { id: calendarSyncDedupId(input.calendarId) } },
  );
}

/**
 * "Sync now". The request is counted before the job is queued: a run already under way, which
 * this request joins, sees the count move and follows up with another pass. A scheduled sync
 * still waiting out its jitter (or a retry its backoff) is joined and started now.
 */
export async function requestCalendarSync(ctx: Pick<ServiceContext, 'prisma' | 'queues'>, input: { calendarId: string; userId: string }) {
  await ctx.prisma.calendarIntegration.update({ where: { id: input.calendarId }, data: { syncRequests: { increment: 1 } } });
  const job = await enqueueCalendarSync(ctx, { calendarId: input.calendarId, requestedBy: input.userId, reason: 'manual' });
  if ((await job.getState()) === 'delayed') {
    // It may have started meanwhile: then there is nothing to promote.
    await job.promote().catch(() => undefined);
  }
  return job;
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
  if (!known) throw new AppError('not_found', `Calendar ${input.providerCalendarId} is not in your ${input.provider} account`, { reason: 'calendar_not_found' });
  const name = input.calendarName?.trim() || known.name;
  const upsert = () =>
    ctx.prisma.calendarIntegration.upsert({
      where: { oauthAccountId_providerCalendarId: { oauthAccountId: account.id, providerCalendarId: known.id } },
      create: { userId: input.userId, oauthAccountId: account.id, provider: input.provider, providerCalendarId: known.id, calendarName: name },
      update: { calendarName: name, isActive: true, syncEnabled: true },
    });
  // Two selections racing: the loser's insert hits the unique key and its retry updates the winner's row.
  const integration = await upsert().catch((error: unknown) => {
    if (isUniqueViolation(error)) return upsert();
    throw error;
  });
  await enqueueCalendarSync(ctx, { calendarId: integration.id, requestedBy: input.userId, reason: 'selected' });
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
export async function requireIntegration(ctx: Pick<ServiceContext, 'prisma'>, userId: string, calendarId: string, provider?: CalendarProviderName) {
  const integration = await ctx.prisma.calendarIntegration.findFirst({ where: { id: calendarId, userId, isActive: true, ...(provider ? { provider } : {}) } });
  if (!integration) throw new AppError('not_found', 'Calendar not found', { reason: 'calendar_not_found' });
  return integration;
}

export async function updateCalendarIntegration(ctx: Pick<ServiceContext, 'prisma'>, input: { userId: string; calendarId: string; syncEnabled: boolean }): Promise<CalendarIntegrationView> {
  await requireIntegration(ctx, input.userId, input.calendarId);
  await ctx.prisma.calendarIntegration.update({ where: { id: input.calendarId }, data: { syncEnabled: input.syncEnabled } });
  const view = (await listCalendarIntegrations(ctx, input.userId)).find((c) => c.id === input.calendarId);
  if (!view) throw AppError.notFound('Calendar');
  return view;
}

/** Stops syncing a calendar. Its synced events and any time entries made from them stay. */
export async function stopCalendarSync(ctx: Pick<ServiceContext, 'prisma'>, input: { userId: string; provider: CalendarProviderName; calendarId: string }): Promise<void> {
  await requireIntegration(ctx, input.userId, input.calendarId, input.provider);
  await ctx.prisma.calendarIntegration.update({
    where: { id: input.calendarId },
    data: { isActive: false, syncEnabled: false, syncCursor: null, syncStatus: 'idle' },
  });
}
