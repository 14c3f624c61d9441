import { isAppError } from '@billops/core';
import { Prisma, queryRows, type TimeEntry } from '@billops/db';
import type { Actor } from '../actor.ts';
import { convertEvents } from '../calendar/convert-events.ts';
import type { ServiceContext } from '../context.ts';
import { resolveClientId } from '../time-entries/create-time-entry.ts';
import { suggestProjects, type SuggestableEvent } from './suggest.ts';
import { WAITING_COLUMNS, type WaitingMeeting } from './waiting.ts';

export type ItemRefusal = { eventId: string; status: 'refused'; reason: string; message: string };
export type AcceptOutcome = { eventId: string; status: 'logged' | 'already_logged'; entry: TimeEntry } | ItemRefusal;

type MeetingState = WaitingMeeting & {
  hiddenReason: string | null;
  isCancelled: boolean;
  isAllDay: boolean;
  timeEntryId: string | null;
  dismissed: boolean;
};

/** The user's events among `ids` with what decides whether they can be logged or dismissed. */
export function meetingStates(ctx: Pick<ServiceContext, 'prisma'>, userId: string, ids: string[]): Promise<MeetingState[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return queryRows<MeetingState>(
    ctx.prisma,
    Prisma.sql`SELECT ${WAITING_COLUMNS}, e.hidden_reason AS "hiddenReason", e.is_cancelled AS "isCancelled", e.is_all_day AS "isAllDay",
      e.time_entry_id AS "timeEntryId",
      (EXISTS (SELECT 1 FROM review_dismissals d WHERE d.calendar_id = e.calendar_id AND d.provider_event_id = e.provider_event_id)
       OR EXISTS (SELECT 1 FROM review_series_dismissals s
                  WHERE s.calendar_id = e.calendar_id AND s.recurring_event_id = e.recurring_event_id
                    AND e.event_start >= s.from_start)) AS dismissed
    FROM synced_calendar_events e
    WHERE e.user_id = ${userId}::uuid AND e.id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`,
  );
}

export const refused = (eventId: string, reason: string, message: string): ItemRefusal => ({ eventId, status: 'refused', reason, message });

/**
 * Every review operation answers per item: `act` runs for each distinct id in order with its state,
 * and an id that is not one of the user's meetings is refused as not_found.
 */
export async function perMeeting<T>(
  ids: string[],
  states: Map<string, MeetingState>,
  act: (id: string, state: MeetingState) => Promise<T>,
): Promise<(T | ItemRefusal)[]> {
  const outcomes: (T | ItemRefusal)[] = [];
  for (const id of ids) {
    const state = states.get(id);
    outcomes.push(state ? await act(id, state) : refused(id, 'not_found', 'No such meeting in your calendars'));
  }
  return outcomes;
}

/**
 * Logs meetings as time entries, each on its own: the project given (null: none), else the
 * meeting's suggestion. Idempotent (a logged meeting answers with its entry) and per item: one
 * meeting refused (hidden, dismissed, cancelled, gone) never stops the others. A given project is
 * checked once, up front (404/409 for the whole request).
 */
export async function acceptMeetings(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'now'>,
  actor: Actor,
  input: { eventIds: string[]; projectId?: string | null; auto?: boolean },
): Promise<AcceptOutcome[]> {
  const ids = [...new Set(input.eventIds)];
  if (input.projectId) await resolveClientId(ctx, { organizationId: actor.organizationId, projectId: input.projectId });
  const states = new Map((await meetingStates(ctx, actor.userId, ids)).map((s) => [s.id, s]));
  const needSuggestion: SuggestableEvent[] = input.projectId === undefined ? [...states.values()].filter((s) => !s.timeEntryId) : [];
  const suggestions = await suggestProjects(ctx, actor, needSuggestion);

  return perMeeting(ids, states, async (id, state): Promise<AcceptOutcome> => {
    if (state.timeEntryId) {
      const entry = await ctx.prisma.timeEntry.findUnique({ where: { id: state.timeEntryId } });
      if (entry) return { eventId: id, status: 'already_logged', entry };
    }
    const why = refusalOf(state);
    if (why) return refused(id, why.reason, why.message);
    const suggestion = suggestions.get(id);
    const projectId = input.projectId === undefined ? (suggestion?.projectId ?? null) : input.projectId;
    const clientId = input.projectId === undefined && !projectId ? (suggestion?.clientId ?? null) : null;
    try {
      const [converted] = await convertEvents(ctx, actor, [id], { projectId, clientId, auto: input.auto ?? false });
      return { eventId: id, status: converted!.created ? 'logged' : 'already_logged', entry: converted!.entry };
    } catch (error) {
      if (!isAppError(error) || error.code === 'internal') throw error;
      return refused(id, error.reason ?? error.code, error.message);
    }
  });
}

function refusalOf(state: MeetingState): { reason: string; message: string } | undefined {
  if (state.isCancelled) return { reason: 'event_cancelled', message: 'The meeting was cancelled' };
  if (state.isAllDay) return { reason: 'all_day_event', message: 'All-day events are not meetings to log' };
  if (state.hiddenReason) return { reason: 'not_offered', message: `This event is not offered for billing (${state.hiddenReason})` };
  if (state.dismissed) return { reason: 'dismissed', message: 'The meeting was dismissed; restore it first' };
  return undefined;
}
