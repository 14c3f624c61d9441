import { addDays, localDateOf, localTimeOf, zonedTimeToUtc } from '@billops/core';
import type { ServiceContext } from '../context.ts';
import { deliverOnce, type DeliveryOutcome } from './deliver.ts';
import { dailySummaryMessage } from './messages.ts';

export type DailySummary = {
  date: string;
  timeZone: string;
  entryCount: number;
  totalSeconds: number;
  projects: { name: string; seconds: number }[];
};

/** A user's entries that start on a local date (their time zone), optionally in one organization. */
export async function computeDailySummary(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { userId: string; date: string; organizationId?: string },
): Promise<DailySummary> {
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: input.userId }, select: { timeZone: true } });
  const from = zonedTimeToUtc(input.date, '00:00', user.timeZone);
  const to = zonedTimeToUtc(addDays(input.date, 1), '00:00', user.timeZone);
  const entries = await ctx.prisma.timeEntry.findMany({
    where: {
      userId: input.userId,
      startedAt: { gte: from, lt: to },
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
    },
    select: { durationSeconds: true, project: { select: { name: true } } },
  });
  const byProject = new Map<string, number>();
  for (const e of entries) {
    const name = e.project?.name ?? 'No project';
    byProject.set(name, (byProject.get(name) ?? 0) + e.durationSeconds);
  }
  return {
    date: input.date,
    timeZone: user.timeZone,
    entryCount: entries.length,
    totalSeconds: entries.reduce((sum, e) => sum + e.durationSeconds, 0),
    projects: [...byProject].map(([name, seconds]) => ({ name, seconds })).sort((a, b) => b.seconds - a.seconds),
  };
}

/**
 * Sends one user's summary for one local date, exactly once per user per day (dedupe key
 * `daily_summary:<user>:<date>`), to their first linked, opted-in, connected workspace.
 */
export async function sendDailySummary(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  input: { userId: string; date?: string },
): Promise<DeliveryOutcome> {
  const user = await ctx.prisma.user.findUnique({ where: { id: input.userId }, select: { timeZone: true } });
  if (!user) return { status: 'skipped', reason: 'user_deleted' };
  const date = input.date ?? localDateOf(ctx.now(), user.timeZone);
  // Only a workspace of an organization the user belongs to (by consent) hears about their day.
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: {
      userId: input.userId,
      notifyDailySummary: true,
      slackIntegration: { isActive: true, notificationsEnabled: true, organization: { members: { some: { userId: input.userId } } } },
    },
    include: { slackIntegration: true },
    orderBy: { createdAt: 'asc' },
  });
  if (!binding) return { status: 'skipped', reason: 'not_linked_or_opted_out' };
  const { slackIntegration: workspace, ...rest } = binding;
  const summary = await computeDailySummary(ctx, { userId: input.userId, date, organizationId: workspace.organizationId });
  return deliverOnce(ctx, {
    workspace,
    binding: rest,
    dedupeKey: `daily_summary:${input.userId}:${date}`,
    userId: input.userId,
    kind: 'daily_summary',
    message: dailySummaryMessage(summary),
  });
}

export type DueSummary = { userId: string; date: string };

/**
 * The scheduler tick: opted-in, linked users whose local time has passed their daily_summary_time
 * today and who have not been sent today's summary. Enqueueing with jobId
 * `daily-summary-<user>-<date>` (done by the caller) plus the delivery dedupe make repeats harmless.
 */
export async function findDueDailySummaries(ctx: Pick<ServiceContext, 'prisma' | 'now'>): Promise<DueSummary[]> {
  const now = ctx.now();
  const bindings = await ctx.prisma.slackUserBinding.findMany({
    where: { notifyDailySummary: true, slackIntegration: { isActive: true, notificationsEnabled: true } },
    select: {
      slackIntegration: { select: { organizationId: true } },
      user: { select: { id: true, timeZone: true, dailySummaryTime: true, memberships: { select: { organizationId: true } } } },
    },
  });
  // A binding counts only in an organization its user belongs to, as sendDailySummary requires.
  const users = new Map(
    bindings
      .filter((b) => b.user.memberships.some((m) => m.organizationId === b.slackIntegration.organizationId))
      .map((b) => [b.user.id, b.user]),
  );
  const due = [...users.values()]
    .map((u) => ({ user: u, date: localDateOf(now, u.timeZone), time: localTimeOf(now, u.timeZone) }))
    .filter(({ user, time }) => time >= user.dailySummaryTime)
    .map(({ user, date }) => ({ userId: user.id, date }));
  if (due.length === 0) return [];
  const sent = await ctx.prisma.notificationDelivery.findMany({
    where: { dedupeKey: { in: due.map((d) => `daily_summary:${d.userId}:${d.date}`) }, sentAt: { not: null } },
    select: { dedupeKey: true },
  });
  const done = new Set(sent.map((s) => s.dedupeKey));
  return due.filter((d) => !done.has(`daily_summary:${d.userId}:${d.date}`));
}
