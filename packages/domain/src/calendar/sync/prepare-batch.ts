import type { ProviderEvent, SkippedItem } from '@billops/providers';
import { classifyEvent, type ClassificationPreferences } from '../classify-event.ts';
import { completeEvents, type EventSources } from './complete-events.ts';
import type { TimedEvent } from './write-batch.ts';

export type PreparedBatch = { timed: TimedEvent[]; cancelledIds: string[]; skipped: SkippedItem[] };

/**
 * Turns a batch of provider items into rows to write: completes partial items, drops the connected
 * account's own address from the other attendees (Graph does not mark it), classifies every live
 * timed event, and lists the ids to mark cancelled (cancelled, all-day, gone).
 */
export async function prepareBatch(
  events: ProviderEvent[],
  input: { sources: EventSources; accountEmail: string | null; preferences: ClassificationPreferences },
): Promise<PreparedBatch> {
  const completed = await completeEvents(events, input.sources);
  const timed: TimedEvent[] = [];
  const cancelledIds = [...completed.gone];
  const skipped = [...completed.skipped];
  const self = input.accountEmail?.toLowerCase() ?? null;
  for (const event of completed.events) {
    if (event.cancelled || event.allDay) {
      cancelledIds.push(event.id);
      continue;
    }
    if (!event.start || !event.end) {
      skipped.push({ id: event.id, error: 'a live event without start and end times' });
      continue;
    }
    const attendeeEmails = self ? event.attendeeEmails.filter((email) => email !== self) : event.attendeeEmails;
    const facts = { ...event, attendeeEmails, start: event.start, end: event.end };
    timed.push({ ...facts, ...classifyEvent(facts, input.preferences) });
  }
  return { timed, cancelledIds, skipped };
}
