import { instantString, safeString, text } from '@billops/core';
import { z } from 'zod';
import { convertEvents, listCalendarEvents, type ConvertedEvent } from '@billops/domain';
import type { SyncedCalendarEvent } from '@billops/db';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { timeEntryJson } from '../time-entries/router.ts';

const eventJson = (e: SyncedCalendarEvent) => ({
  id: e.id,
  calendar_id: e.calendarId,
  provider_event_id: e.providerEventId,
  recurring_event_id: e.recurringEventId,
  title: e.eventTitle,
  description: e.eventDescription,
  start: e.eventStart.toISOString(),
  end: e.eventEnd.toISOString(),
  time_zone: e.eventTimeZone,
  is_all_day: e.isAllDay,
  is_cancelled: e.isCancelled,
  needs_review: e.needsReview,
  time_entry_id: e.timeEntryId,
  converted: e.timeEntryId !== null,
  offered: e.hiddenReason === null,
  hidden_reason: e.hiddenReason,
  markers: e.markers,
  self_response: e.selfResponse,
  is_organizer: e.isOrganizer,
  show_as: e.showAs,
  event_type: e.eventType,
  attendee_emails: e.attendeeEmails,
  organizer_email: e.organizerEmail,
  ical_uid: e.iCalUid,
  has_online_meeting: e.hasOnlineMeeting,
});

const booleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();
const listQuery = z.object({
  calendar_id: z.uuid().optional(),
  from: instantString.optional(),
  to: instantString.optional(),
  converted: booleanQuery,
  cancelled: booleanQuery,
  /** Hidden events (declined, out of office, ...) are left out unless asked for; each says why. */
  include_hidden: booleanQuery,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: safeString({ max: 500 }).optional(),
});
const convertOptions = {
  project_id: z.uuid().nullish(),
  client_id: z.uuid().nullish(),
  description: text({ max: 2000 }).optional(),
  billable: z.boolean().optional(),
  /** Convert events that are not offered as meetings (hidden_reason set) anyway. */
  force: z.boolean().optional(),
};
const convertBody = z.object(convertOptions);
const bulkConvertBody = z.object({ event_ids: z.array(z.uuid()).min(1).max(200), ...convertOptions });
const idParams = z.object({ id: z.uuid() });

const toOptions = (b: z.infer<typeof convertBody>) => ({
  projectId: b.project_id,
  clientId: b.client_id,
  description: b.description,
  billable: b.billable,
  force: b.force,
});
const convertedJson = (c: ConvertedEvent) => ({ event_id: c.eventId, created: c.created, time_entry: timeEntryJson(c.entry) });

/** Synced events (provider-neutral) and their conversion into time entries. */
export function calendarEventRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  return router
    .route(
      {
        method: 'get',
        path: '/calendar-events',
        tag: 'calendar-events',
        summary:
          'My synced calendar events: offered meetings by default, hidden ones with include_hidden=true (filters, cursor pagination)',
        query: listQuery,
      },
      async ({ query, actor }) => {
        const page = await listCalendarEvents(ctx, {
          userId: actor.userId,
          calendarId: query.calendar_id,
          from: query.from ? new Date(query.from) : undefined,
          to: query.to ? new Date(query.to) : undefined,
          converted: query.converted,
          cancelled: query.cancelled,
          includeHidden: query.include_hidden,
          limit: query.limit,
          cursor: query.cursor,
        });
        return { data: page.events.map(eventJson), next_cursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'post',
        path: '/calendar-events/convert',
        tag: 'calendar-events',
        summary: 'Convert several events to time entries in one transaction',
        body: bulkConvertBody,
      },
      async ({ body, actor }) => {
        const converted = await convertEvents(ctx, actor, body.event_ids, toOptions(body));
        return { data: converted.map(convertedJson) };
      },
    )
    .route(
      {
        method: 'post',
        path: '/calendar-events/:id/convert',
        tag: 'calendar-events',
        summary: 'Convert an event to a time entry (again → the same entry)',
        params: idParams,
        body: convertBody,
      },
      async ({ params, body, actor, res }) => {
        const [converted] = await convertEvents(ctx, actor, [params.id], toOptions(body));
        res.status(converted!.created ? 201 : 200).json(timeEntryJson(converted!.entry));
      },
    );
}
