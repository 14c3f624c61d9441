import { localDateOf, localTimeOf } from '@billops/core';
import type { SlackMessage } from '@billops/providers';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { deliverOnce, type DeliveryOutcome } from '../notifications/deliver.ts';
import { meetingStates } from './accept-meetings.ts';
import { NUDGE_LIMIT, reviewNudgeMessage, type NudgeItem } from './nudge-message.ts';
import { suggestProjects } from './suggest.ts';
import { waitingMeetings, waitingPerDay } from './waiting.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'now'>;

/**
 * The nudge for `eventIds` as they are now (logged, dismissed or still waiting with a suggestion),
 * or for the newest waiting meetings when no ids are given.
 */
export async function renderReviewNudge(
  ctx: Ctx,
  actor: Actor,
  input: { eventIds?: string[]; notice?: string } = {},
): Promise<{ message: SlackMessage; waiting: number }> {
  const [user, perDay, projects] = await Promise.all([
    ctx.prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { timeZone: true } }),
    waitingPerDay(ctx, actor.userId),
    ctx.prisma.project.findMany({
      where: { organizationId: actor.organizationId, archived: false },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
  ]);
  const ids = input.eventIds ?? (await waitingMeetings(ctx, { userId: actor.userId, limit: NUDGE_LIMIT })).map((m) => m.id);
  const states = await meetingStates(ctx, actor.userId, ids);
  const byId = new Map(states.map((s) => [s.id, s]));
  const waiting = states.filter((s) => !s.timeEntryId && !s.dismissed && !s.isCancelled && !s.hiddenReason);
  const suggestions = await suggestProjects(ctx, actor, waiting);
  const entries = await ctx.prisma.timeEntry.findMany({
    where: { id: { in: states.flatMap((s) => (s.timeEntryId ? [s.timeEntryId] : [])) } },
    select: { id: true, project: { select: { name: true } } },
  });
  const projectOfEntry = new Map(entries.map((e) => [e.id, e.project?.name ?? null]));
  const items = ids.flatMap((id): NudgeItem[] => {
    const s = byId.get(id);
    if (!s) return [];
    const base = { eventId: id, title: s.eventTitle, start: s.eventStart, end: s.eventEnd };
    if (s.timeEntryId) return [{ ...base, state: { kind: 'logged', projectName: projectOfEntry.get(s.timeEntryId) ?? null } }];
    if (s.dismissed) return [{ ...base, state: { kind: 'dismissed' } }];
    if (s.isCancelled || s.hiddenReason) return [{ ...base, state: { kind: 'gone' } }];
    const suggestion = suggestions.get(id);
    return [
      { ...base, state: { kind: 'waiting', suggestedProjectId: suggestion?.projectId ?? null, suggestion: suggestion?.reason ?? null } },
    ];
  });
  const total = perDay.reduce((sum, d) => sum + d.count, 0);
  const shownWaiting = items.filter((i) => i.state.kind === 'waiting').length;
  return {
    message: reviewNudgeMessage({
      items,
      more: Math.max(0, total - shownWaiting),
      projects,
      timeZone: user.timeZone,
      notice: input.notice,
    }),
    waiting: total,
  };
}

/** The user's linked, notifying workspace, and their role in its organization. */
async function nudgeTarget(ctx: Pick<ServiceContext, 'prisma'>, userId: string) {
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { userId, slackIntegration: { isActive: true, notificationsEnabled: true } },
    include: { slackIntegration: true },
    orderBy: { createdAt: 'asc' },
  });
  if (!binding) return undefined;
  const membership = await ctx.prisma.membership.findUnique({
    where: { organizationId_userId: { organizationId: binding.slackIntegration.organizationId, userId } },
  });
  return membership ? { binding, actor: { userId, organizationId: membership.organizationId, role: membership.role } } : undefined;
}

/**
 * Sends one user's daily nudge for their local `date`, at most once (dedupe key
 * `review_nudge:<user>:<date>`), only when meetings are waiting and the user has not turned it off.
 */
export async function sendReviewNudge(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  input: { userId: string; date?: string },
): Promise<DeliveryOutcome> {
  const user = await ctx.prisma.user.findUnique({ where: { id: input.userId }, select: { timeZone: true, reviewNudgeEnabled: true } });
  if (!user) return { status: 'skipped', reason: 'user_deleted' };
  if (!user.reviewNudgeEnabled) return { status: 'skipped', reason: 'nudge_off' };
  const target = await nudgeTarget(ctx, input.userId);
  if (!target) return { status: 'skipped', reason: 'not_linked' };
  const { message, waiting } = await renderReviewNudge(ctx, target.actor);
  if (waiting === 0) return { status: 'skipped', reason: 'nothing_waiting' };
  const date = input.date ?? localDateOf(ctx.now(), user.timeZone);
  const { slackIntegration: workspace, ...binding } = target.binding;
  return deliverOnce(ctx, {
    dedupeKey: `review_nudge:${input.userId}:${date}`,
    userId: input.userId,
    kind: 'review_nudge',
    workspace,
    binding,
    message,
  });
}

/**
 * The scheduler tick: linked users with the nudge on whose local time has reached their nudge time
 * today and who were not nudged today. Users with nothing waiting are looked at again at the next
 * tick, so meetings that end later that day still get their nudge.
 */
export async function findDueReviewNudges(ctx: Pick<ServiceContext, 'prisma' | 'now'>): Promise<{ userId: string; date: string }[]> {
  const now = ctx.now();
  const users = await ctx.prisma.user.findMany({
    where: { reviewNudgeEnabled: true, slackBindings: { some: { slackIntegration: { isActive: true, notificationsEnabled: true } } } },
    select: { id: true, timeZone: true, reviewNudgeTime: true },
  });
  const due = users
    .filter((u) => localTimeOf(now, u.timeZone) >= u.reviewNudgeTime)
    .map((u) => ({ userId: u.id, date: localDateOf(now, u.timeZone) }));
  if (due.length === 0) return [];
  const sent = await ctx.prisma.notificationDelivery.findMany({
    where: { dedupeKey: { in: due.map((d) => `review_nudge:${d.userId}:${d.date}`) }, sentAt: { not: null } },
    select: { dedupeKey: true },
  });
  const done = new Set(sent.map((s) => s.dedupeKey));
  return due.filter((d) => !done.has(`review_nudge:${d.userId}:${d.date}`));
}
