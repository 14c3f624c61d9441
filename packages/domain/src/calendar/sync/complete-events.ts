import type { EventField, ProviderEvent, SkippedItem } from '@billops/providers';

/** Without these an event cannot be stored: no occurrence is ever stored without its title. */
const ESSENTIAL: EventField[] = ['title', 'start', 'end'];
/** An occurrence's own identity and times never come from its series master. */
const OWN_FIELDS = new Set<EventField>(['seriesId', 'start', 'end']);

export type EventSources = {
  /** What we stored for these ids on this calendar. */
  stored: (ids: string[]) => Promise<Map<string, ProviderEvent>>;
  /** A complete read of one event or series master from the provider (null: it no longer exists). */
  fetch: (id: string) => Promise<ProviderEvent | null>;
  /** Series masters read in this pass: one read per master per pass. */
  masters: Map<string, Promise<ProviderEvent | null>>;
};

const missingEssentials = (event: ProviderEvent) => (event.absent ?? []).filter((field) => ESSENTIAL.includes(field));

/** `event` with each field it did not carry taken from `source` (except `skip`ped ones and those `source` lacks too). */
function fillFrom(event: ProviderEvent, source: ProviderEvent, skip: Set<EventField> = new Set()): ProviderEvent {
  const filled: Record<string, unknown> = { ...event };
  const stillAbsent: EventField[] = [];
  for (const field of event.absent ?? []) {
    if (skip.has(field) || (source !== event && source.absent?.includes(field))) stillAbsent.push(field);
    else filled[field] = source[field];
  }
  delete filled.absent;
  return { ...(filled as ProviderEvent), ...(stillAbsent.length > 0 ? { absent: stillAbsent } : {}) };
}

/** An item taken as complete: what it did not carry keeps the defaults its mapping gave. */
const withDefaults = (event: ProviderEvent) => fillFrom(event, event);

/**
 * Completes items a provider sent only partly (Graph delta rows carry "at least the properties
 * that have been updated"; occurrences may come as id, type, seriesMasterId, start and end):
 * 1. an event we stored keeps its stored values for every field the row did not carry;
 * 2. an unknown occurrence without its title takes title, body, attendees and the other facts from
 *    its series master (read once per pass);
 * 3. any other unknown item still missing its title or times is read on its own (GET /me/events/{id});
 *    gone there means gone.
 * An unknown item with its title and times but without other facts keeps the defaults (an item
 * with nothing but `id`, `subject`, `start` and `end` is a complete meeting as far as we can know).
 * Anything still incomplete is skipped and reported, never stored half-empty.
 */
export async function completeEvents(
  events: ProviderEvent[],
  sources: EventSources,
): Promise<{ events: ProviderEvent[]; gone: string[]; skipped: SkippedItem[] }> {
  const partial = events.filter((event) => !event.cancelled && (event.absent?.length ?? 0) > 0);
  if (partial.length === 0) return { events, gone: [], skipped: [] };
  const stored = await sources.stored(partial.map((event) => event.id));
  const completed = new Map<string, ProviderEvent>();
  const gone: string[] = [];
  const skipped: SkippedItem[] = [];
  for (const original of partial) {
    let event = original;
    const known = stored.get(event.id);
    if (known) {
      completed.set(event.id, fillFrom(event, known));
      continue;
    }
    if (missingEssentials(event).length === 0) {
      completed.set(event.id, withDefaults(event));
      continue;
    }
    if (event.seriesId && !missingEssentials(event).some((field) => OWN_FIELDS.has(field))) {
      const seriesId = event.seriesId;
      let master = sources.masters.get(seriesId);
      if (!master) {
        master = sources.fetch(seriesId);
        sources.masters.set(seriesId, master);
      }
      const found = await master;
      if (found) event = fillFrom(event, found, OWN_FIELDS);
    }
    if (missingEssentials(event).length > 0) {
      const fetched = await sources.fetch(event.id);
      if (!fetched) {
        gone.push(event.id);
        continue;
      }
      event = fillFrom(event, fetched);
    }
    if (missingEssentials(event).length > 0) {
      skipped.push({ id: event.id, error: `sent without ${missingEssentials(event).join(', ')} and could not be completed` });
      continue;
    }
    completed.set(event.id, withDefaults(event));
  }
  const skippedIds = new Set(skipped.map((item) => item.id));
  const goneIds = new Set(gone);
  return {
    events: events.filter((event) => !skippedIds.has(event.id) && !goneIds.has(event.id)).map((event) => completed.get(event.id) ?? event),
    gone,
    skipped,
  };
}
