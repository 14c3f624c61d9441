import { Prisma, queryRows } from '@billops/db';
import type { Actor } from '../actor.ts';
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
  // Only a rule with auto-convert on converts: organizations without one are skipped, and this
  // job (queued after every sync) ends with this one statement for the users who have none.
  const actors = await queryRows<Actor>(
    ctx.prisma,
    Prisma.sql`
    SELECT c.user_id AS "userId", m.organization_id AS "organizationId", m.role::text AS role
    FROM calendar_integrations c JOIN memberships m ON m.user_id = c.user_id
    WHERE c.id = ${calendarId}::uuid
      AND (EXISTS (SELECT 1 FROM projects p WHERE p.organization_id = m.organization_id AND p.auto_convert AND NOT p.archived)
           OR EXISTS (SELECT 1 FROM clients k WHERE k.organization_id = m.organization_id AND k.auto_convert AND NOT k.archived))
    ORDER BY m.created_at, m.id`,
  );
  if (actors.length === 0) return { converted: 0 };
  const now = ctx.now();
  let pending = (await waitingMeetings(ctx, { userId: actors[0]!.userId, limit: BATCH })).filter((m) => m.eventEnd <= now);
  let converted = 0;
  for (const actor of actors) {
    if (pending.length === 0) break;
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
