import { Prisma, queryRows, type Db } from '@billops/db';
import type { CalendarEventType, ProviderEvent, SelfResponse, ShowAs } from '@billops/providers';

type StoredRow = {
  provider_event_id: string;
  recurring_event_id: string | null;
  event_title: string;
  event_description: string | null;
  event_start: Date;
  event_end: Date;
  event_time_zone: string | null;
  is_all_day: boolean;
  is_cancelled: boolean;
  self_response: string | null;
  is_organizer: boolean;
  show_as: string;
  event_type: string;
  attendee_emails: string[] | null;
  organizer_email: string | null;
  ical_uid: string | null;
  has_online_meeting: boolean;
};

/** The events stored for these provider ids on one calendar, as the provider would send them in full. */
export async function loadStoredEvents(db: Db, calendarId: string, providerEventIds: string[]): Promise<Map<string, ProviderEvent>> {
  if (providerEventIds.length === 0) return new Map();
  const rows = await queryRows<StoredRow>(
    db,
    Prisma.sql`SELECT provider_event_id, recurring_event_id, event_title, event_description, event_start, event_end, event_time_zone,
                      is_all_day, is_cancelled, self_response, is_organizer, show_as, event_type, attendee_emails, organizer_email,
                      ical_uid, has_online_meeting
               FROM synced_calendar_events
               WHERE calendar_id = ${calendarId}::uuid AND provider_event_id = ANY(${providerEventIds}::text[])`,
  );
  return new Map(
    rows.map((row) => [
      row.provider_event_id,
      {
        id: row.provider_event_id,
        seriesId: row.recurring_event_id,
        cancelled: row.is_cancelled,
        allDay: row.is_all_day,
        title: row.event_title,
        description: row.event_description,
        start: row.event_start,
        end: row.event_end,
        timeZone: row.event_time_zone,
        selfResponse: row.self_response as SelfResponse | null,
        isOrganizer: row.is_organizer,
        showAs: row.show_as as ShowAs,
        eventType: row.event_type as CalendarEventType,
        attendeeEmails: row.attendee_emails ?? [],
        organizerEmail: row.organizer_email,
        iCalUid: row.ical_uid,
        hasOnlineMeeting: row.has_online_meeting,
      },
    ]),
  );
}

/**
 * The same meeting on two of one user's calendars (same iCalUID, same start) is offered once: among
 * the live, otherwise-offered copies the converted one (else the first stored) stays offered and the
 * others are hidden as `duplicate`; a copy whose twin is gone is offered again.
 */
export async function markDuplicateMeetings(db: Db, input: { userId: string; now: Date }): Promise<number> {
  const rows = await queryRows<{ changed: number }>(
    db,
    Prisma.sql`WITH ranked AS (
      SELECT id, CASE WHEN row_number() OVER (PARTITION BY ical_uid, event_start ORDER BY (time_entry_id IS NULL), created_at, id) > 1
                      THEN 'duplicate' END AS reason
      FROM synced_calendar_events
      WHERE user_id = ${input.userId}::uuid AND ical_uid IS NOT NULL AND NOT is_cancelled AND NOT is_all_day
        AND (hidden_reason IS NULL OR hidden_reason = 'duplicate')),
    changed AS (
      UPDATE synced_calendar_events e SET hidden_reason = r.reason, updated_at = ${input.now}::timestamptz
      FROM ranked r WHERE e.id = r.id AND e.hidden_reason IS DISTINCT FROM r.reason
      RETURNING 1)
    SELECT count(*)::int AS changed FROM changed`,
  );
  return Number(rows[0]?.changed ?? 0);
}
