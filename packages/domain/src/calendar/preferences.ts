import { executeStatement, Prisma, queryRows, withTransaction } from '@billops/db';
import type { CalendarEventType, SelfResponse, ShowAs } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { classifyEvent, type ClassificationPreferences } from './classify-event.ts';
import { markDuplicateMeetings } from './sync/stored-events.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'now'>;

export async function getCalendarPreferences(ctx: Pick<ServiceContext, 'prisma'>, userId: string): Promise<ClassificationPreferences> {
  return ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { offerFocusTime: true, offerFreeEvents: true } });
}

type FactsRow = {
  id: string;
  hidden_reason: string | null;
  markers: string[] | null;
  self_response: string | null;
  is_organizer: boolean;
  show_as: string;
  event_type: string;
  attendee_emails: string[] | null;
};

/**
 * Changes what the user is offered (focus time, free events) and re-classifies their stored events
 * at once, so the list and conversions follow the new choice without waiting for a sync.
 */
export async function updateCalendarPreferences(
  ctx: Ctx,
  userId: string,
  patch: Partial<ClassificationPreferences>,
): Promise<ClassificationPreferences> {
  return withTransaction(ctx.prisma, async (tx) => {
    const preferences = await tx.user.update({
      where: { id: userId },
      data: patch,
      select: { offerFocusTime: true, offerFreeEvents: true },
    });
    const rows = await queryRows<FactsRow>(
      tx,
      Prisma.sql`SELECT id, hidden_reason, markers, self_response, is_organizer, show_as, event_type, attendee_emails
                 FROM synced_calendar_events WHERE user_id = ${userId}::uuid AND NOT is_cancelled AND NOT is_all_day
                 FOR UPDATE`,
    );
    const changed: { id: string; hiddenReason: string | null; markers: string[] }[] = [];
    for (const row of rows) {
      const { hiddenReason, markers } = classifyEvent(
        {
          cancelled: false,
          allDay: false,
          selfResponse: row.self_response as SelfResponse | null,
          isOrganizer: row.is_organizer,
          showAs: row.show_as as ShowAs,
          eventType: row.event_type as CalendarEventType,
          attendeeEmails: row.attendee_emails ?? [],
        },
        preferences,
      );
      // A duplicate stays one while its base classification is "offered"; markDuplicateMeetings decides.
      const stored = row.hidden_reason === 'duplicate' ? null : row.hidden_reason;
      if (stored !== hiddenReason || JSON.stringify(row.markers ?? []) !== JSON.stringify(markers))
        changed.push({ id: row.id, hiddenReason, markers });
    }
    const now = ctx.now();
    if (changed.length > 0) {
      await executeStatement(
        tx,
        Prisma.sql`
        UPDATE synced_calendar_events e
        SET hidden_reason = c.hidden_reason, markers = ARRAY(SELECT jsonb_array_elements_text(c.markers::jsonb)), updated_at = ${now}
        FROM unnest(
          ${changed.map((c) => c.id)}::uuid[],
          ${changed.map((c) => c.hiddenReason)}::text[],
          ${changed.map((c) => JSON.stringify(c.markers))}::text[])
          AS c(id, hidden_reason, markers)
        WHERE e.id = c.id`,
      );
    }
    await markDuplicateMeetings(tx, { userId, now });
    return preferences;
  });
}
