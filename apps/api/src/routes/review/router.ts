import {
  acceptMeetings,
  dismissMeetings,
  getNudgeSettings,
  listDismissed,
  listReview,
  restoreMeetings,
  undoAutoEntries,
  updateNudgeSettings,
  type AcceptOutcome,
  type DismissOutcome,
  type NudgeSettings,
  type ReviewItem,
} from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { timeEntryJson } from '../time-entries/router.ts';
import {
  acceptBody,
  acceptResponse,
  dismissBody,
  dismissedQuery,
  dismissResponse,
  restoreBody,
  reviewQuery,
  reviewResponse,
  settingsBody,
  settingsResponse,
  undoBody,
} from './schemas.ts';

const itemJson = ({ meeting: m, suggestion: s }: ReviewItem) => ({
  id: m.id,
  calendar_id: m.calendarId,
  title: m.eventTitle,
  start: m.eventStart.toISOString(),
  end: m.eventEnd.toISOString(),
  duration_seconds: Math.round((m.eventEnd.getTime() - m.eventStart.getTime()) / 1000),
  recurring: m.recurringEventId !== null,
  attendees: m.attendeeEmails,
  organizer: m.organizerEmail,
  markers: m.markers,
  suggestion: s ? { project_id: s.projectId, client_id: s.clientId, reason: s.reason, confidence: s.confidence, source: s.source } : null,
});

const acceptJson = (o: AcceptOutcome) =>
  o.status === 'refused'
    ? { event_id: o.eventId, status: o.status, reason: o.reason, message: o.message }
    : { event_id: o.eventId, status: o.status, time_entry: timeEntryJson(o.entry) };
const dismissJson = (o: DismissOutcome) =>
  o.status === 'refused'
    ? { event_id: o.eventId, status: o.status, reason: o.reason, message: o.message }
    : { event_id: o.eventId, status: o.status, series: o.series };

/** The review inbox: meetings waiting to become time entries, with suggestions; every answer is per item. */
export function reviewRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'review';
  return router
    .route(
      {
        method: 'get',
        path: '/review',
        tag,
        summary:
          'My meetings waiting to be logged (offered, not converted, not dismissed), newest first, with suggestions and a count ' +
          'per local day',
        query: reviewQuery,
        responses: { 200: reviewResponse },
      },
      async ({ actor, query }) => {
        const page = await listReview(ctx, actor, { limit: query.limit, cursor: query.cursor });
        return { data: page.items.map(itemJson), per_day: page.perDay, total: page.total, next_cursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'post',
        path: '/review/accept',
        tag,
        summary: 'Log meetings as time entries (suggested project, or project_id for all); idempotent; refusals per item',
        body: acceptBody,
        responses: { 200: acceptResponse },
      },
      async ({ actor, body }) => ({
        data: (await acceptMeetings(ctx, actor, { eventIds: body.event_ids, projectId: body.project_id })).map(acceptJson),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/review/dismiss',
        tag,
        summary: 'Dismiss meetings for good (series: true also dismisses later instances of their series)',
        body: dismissBody,
        responses: { 200: dismissResponse },
      },
      async ({ actor, body }) => ({
        data: (await dismissMeetings(ctx, actor, { eventIds: body.event_ids, series: body.series })).map(dismissJson),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/review/restore',
        tag,
        summary: 'Bring dismissed meetings (and their series) back to the inbox',
        body: restoreBody,
        responses: { 200: dismissResponse },
      },
      async ({ actor, body }) => ({
        data: (await restoreMeetings(ctx, actor, { eventIds: body.event_ids })).map(dismissJson),
      }),
    )
    .route(
      { method: 'get', path: '/review/dismissed', tag, summary: 'My dismissed meetings, newest first', query: dismissedQuery },
      async ({ actor, query }) => ({
        data: (await listDismissed(ctx, actor, query.limit)).map((e) => ({
          id: e.id,
          title: e.eventTitle,
          start: e.eventStart.toISOString(),
          end: e.eventEnd.toISOString(),
          series: e.series,
        })),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/review/undo',
        tag,
        summary: 'Undo entries made by auto-convert: delete them and dismiss their meetings',
        body: undoBody,
      },
      async ({ actor, body }) => ({
        data: (await undoAutoEntries(ctx, actor, body.time_entry_ids)).map((o) =>
          o.status === 'undone'
            ? { time_entry_id: o.entryId, status: o.status, event_id: o.eventId }
            : { time_entry_id: o.entryId, status: o.status, reason: o.reason, message: o.message },
        ),
      }),
    )
    .route(
      {
        method: 'get',
        path: '/review/settings',
        tag,
        summary: 'My daily Slack nudge about waiting meetings',
        responses: { 200: settingsResponse },
      },
      async ({ actor }) => settingsJson(await getNudgeSettings(ctx, actor.userId)),
    )
    .route(
      {
        method: 'patch',
        path: '/review/settings',
        tag,
        summary: 'Turn the daily Slack nudge on/off or move it (local HH:MM, default 17:30)',
        body: settingsBody,
        responses: { 200: settingsResponse },
      },
      async ({ actor, body }) =>
        settingsJson(await updateNudgeSettings(ctx, actor.userId, { enabled: body.nudge_enabled, time: body.nudge_time })),
    );
}

const settingsJson = (u: NudgeSettings) => ({ nudge_enabled: u.reviewNudgeEnabled, nudge_time: u.reviewNudgeTime, time_zone: u.timeZone });
