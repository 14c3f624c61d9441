import type { ServiceContext } from '../context.ts';
import { acceptMeetings } from './accept-meetings.ts';
import { suggestProjects } from './suggest.ts';
import { waitingMeetings } from './waiting.ts';

/** Meetings looked at per sync: a first sync of a busy calendar converts the rest at the next one. */
const BATCH = 500;

/**
 * After a calendar sync: the user's finished, waiting meetings whose suggestion comes from a rule
 * with auto-convert on become time entries (`auto: true`), in the first of the user's
 * organizations whose rules match. An entry undone with POST /review/undo dismisses its meeting,
 * so it is not converted again.
 */
export async function autoConvertMeetings(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'now'>,
  calendarId: string,
): Promise<{ converted: number }> {
  const calendar = await ctx.prisma.calendarIntegration.findUnique({ where: { id: calendarId }, select: { userId: true } });
  if (!calendar) return { converted: 0 };
  const memberships = await ctx.prisma.membership.findMany({ where: { userId: calendar.userId }, orderBy: { createdAt: 'asc' } });
  const now = ctx.now();
  let pending = (await waitingMeetings(ctx, { userId: calendar.userId, limit: BATCH })).filter((m) => m.eventEnd <= now);
  let converted = 0;
  for (const membership of memberships) {
    if (pending.length === 0) break;
    const actor = { userId: calendar.userId, organizationId: membership.organizationId, role: membership.role };
    const suggestions = await suggestProjects(ctx, actor, pending);
    const ids = pending.filter((m) => suggestions.get(m.id)?.autoConvert).map((m) => m.id);
    if (ids.length === 0) continue;
    const outcomes = await acceptMeetings(ctx, actor, { eventIds: ids, auto: true });
    converted += outcomes.filter((o) => o.status === 'logged').length;
    const done = new Set(ids);
    pending = pending.filter((m) => !done.has(m.id));
  }
  return { converted };
}
