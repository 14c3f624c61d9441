import { executeStatement, Prisma, queryRows } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { meetingStates, perMeeting, refused, type ItemRefusal } from './accept-meetings.ts';

export type DismissOutcome = { eventId: string; status: 'dismissed' | 'restored'; series: boolean } | ItemRefusal;

/**
 * Takes meetings out of the review inbox for good (idempotent). With `series`, the instances of
 * their recurring series that start at or after them are dismissed too, including ones not synced
 * yet. Only restoreMeetings brings them back.
 */
export async function dismissMeetings(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  input: { eventIds: string[]; series?: boolean },
): Promise<DismissOutcome[]> {
  const ids = [...new Set(input.eventIds)];
  const states = new Map((await meetingStates(ctx, actor.userId, ids)).map((s) => [s.id, s]));
  return perMeeting(ids, states, async (id, state): Promise<DismissOutcome> => {
    if (state.timeEntryId) return refused(id, 'already_logged', 'The meeting is already logged; delete its time entry instead');
    await executeStatement(
      ctx.prisma,
      Prisma.sql`
      INSERT INTO review_dismissals (id, user_id, calendar_id, provider_event_id, created_at)
      VALUES (gen_random_uuid(), ${actor.userId}::uuid, ${state.calendarId}::uuid, ${state.providerEventId}, now())
      ON CONFLICT (calendar_id, provider_event_id) DO NOTHING`,
    );
    const series = Boolean(input.series && state.recurringEventId);
    if (series) {
      await executeStatement(
        ctx.prisma,
        Prisma.sql`
        INSERT INTO review_series_dismissals (id, user_id, calendar_id, recurring_event_id, from_start, created_at)
        VALUES (gen_random_uuid(), ${actor.userId}::uuid, ${state.calendarId}::uuid, ${state.recurringEventId}, ${state.eventStart}, now())
        ON CONFLICT (calendar_id, recurring_event_id)
          DO UPDATE SET from_start = LEAST(review_series_dismissals.from_start, EXCLUDED.from_start)`,
      );
    }
    return { eventId: id, status: 'dismissed', series };
  });
}

/** Puts dismissed meetings back in the inbox; restoring an instance of a dismissed series restores the series. */
export async function restoreMeetings(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  input: { eventIds: string[] },
): Promise<DismissOutcome[]> {
  const ids = [...new Set(input.eventIds)];
  const states = new Map((await meetingStates(ctx, actor.userId, ids)).map((s) => [s.id, s]));
  return perMeeting(ids, states, async (id, state): Promise<DismissOutcome> => {
    await executeStatement(
      ctx.prisma,
      Prisma.sql`DELETE FROM review_dismissals
                 WHERE calendar_id = ${state.calendarId}::uuid AND provider_event_id = ${state.providerEventId}`,
    );
    const series = state.recurringEventId
      ? await executeStatement(
          ctx.prisma,
          Prisma.sql`DELETE FROM review_series_dismissals
                     WHERE calendar_id = ${state.calendarId}::uuid AND recurring_event_id = ${state.recurringEventId}`,
        )
      : 0;
    return { eventId: id, status: 'restored', series: series > 0 };
  });
}

/** Dismissed meetings (on their own or with their series), newest first, to restore from. */
export function listDismissed(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, limit: number) {
  return queryRows<{ id: string; eventTitle: string; eventStart: Date; eventEnd: Date; series: boolean }>(
    ctx.prisma,
    Prisma.sql`
    SELECT e.id, e.event_title AS "eventTitle", e.event_start AS "eventStart", e.event_end AS "eventEnd",
           NOT EXISTS (SELECT 1 FROM review_dismissals d
                       WHERE d.calendar_id = e.calendar_id AND d.provider_event_id = e.provider_event_id) AS series
    FROM synced_calendar_events e
    WHERE e.user_id = ${actor.userId}::uuid AND e.time_entry_id IS NULL AND NOT e.is_cancelled
      AND (EXISTS (SELECT 1 FROM review_dismissals d WHERE d.calendar_id = e.calendar_id AND d.provider_event_id = e.provider_event_id)
        OR EXISTS (SELECT 1 FROM review_series_dismissals s
                   WHERE s.calendar_id = e.calendar_id AND s.recurring_event_id = e.recurring_event_id AND e.event_start >= s.from_start))
    ORDER BY e.event_start DESC, e.id DESC
    LIMIT ${limit}`,
  );
}
