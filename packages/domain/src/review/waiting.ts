import { Prisma, queryRows } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import type { SuggestableEvent } from './suggest.ts';

/** A meeting waiting in the review inbox. */
export type WaitingMeeting = SuggestableEvent & {
  calendarId: string;
  providerEventId: string;
  eventStart: Date;
  eventEnd: Date;
  markers: string[];
};

/**
 * Events `e` the user may still log: offered by the calendar classification (hidden_reason NULL),
 * live, timed, started, not converted, and not dismissed on their own or as part of a series.
 */
export const waitingWhere = (userId: string, now: Date) => Prisma.sql`
  e.user_id = ${userId}::uuid AND e.hidden_reason IS NULL AND NOT e.is_cancelled AND NOT e.is_all_day
  AND e.time_entry_id IS NULL AND e.event_start < ${now}
  AND NOT EXISTS (SELECT 1 FROM review_dismissals d WHERE d.calendar_id = e.calendar_id AND d.provider_event_id = e.provider_event_id)
  AND NOT EXISTS (SELECT 1 FROM review_series_dismissals s
                  WHERE s.calendar_id = e.calendar_id AND s.recurring_event_id = e.recurring_event_id AND e.event_start >= s.from_start)`;

export const WAITING_COLUMNS = Prisma.sql`e.id, e.calendar_id AS "calendarId", e.provider_event_id AS "providerEventId",
  e.recurring_event_id AS "recurringEventId",
  e.event_title AS "eventTitle", e.event_start AS "eventStart", e.event_end AS "eventEnd", e.attendee_emails AS "attendeeEmails",
  e.organizer_email AS "organizerEmail", e.is_organizer AS "isOrganizer", e.markers`;

/** The user's waiting meetings, newest first, after `before` (keyset on start, id) when given. */
export function waitingMeetings(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  input: { userId: string; limit: number; before?: { start: Date; id: string }; ids?: string[] },
): Promise<WaitingMeeting[]> {
  const after = input.before ? Prisma.sql`AND (e.event_start, e.id) < (${input.before.start}, ${input.before.id}::uuid)` : Prisma.empty;
  const only = input.ids ? Prisma.sql`AND e.id IN (${Prisma.join(input.ids.map((id) => Prisma.sql`${id}::uuid`))})` : Prisma.empty;
  return queryRows<WaitingMeeting>(
    ctx.prisma,
    Prisma.sql`SELECT ${WAITING_COLUMNS} FROM synced_calendar_events e
    WHERE ${waitingWhere(input.userId, ctx.now())} ${after} ${only}
    ORDER BY e.event_start DESC, e.id DESC
    LIMIT ${input.limit}`,
  );
}

/** How many meetings wait per local day (the user's time zone), newest day first. */
export async function waitingPerDay(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  userId: string,
): Promise<{ date: string; count: number }[]> {
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { timeZone: true } });
  const rows = await queryRows<{ date: string; count: number }>(
    ctx.prisma,
    Prisma.sql`SELECT to_char(e.event_start AT TIME ZONE ${user.timeZone}, 'YYYY-MM-DD') AS date, count(*)::int AS count
    FROM synced_calendar_events e WHERE ${waitingWhere(userId, ctx.now())}
    GROUP BY 1 ORDER BY 1 DESC`,
  );
  return rows;
}
