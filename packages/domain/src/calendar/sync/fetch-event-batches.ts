import type { CalendarProvider, ProviderEvent, SkippedItem, SyncWindow } from '@billops/providers';

/**
 * Events written per statement. Providers page small (Graph: tens of events a page), and each write is a
 * statement PostgreSQL plans afresh: pages are gathered up to this many events first (a 10,000-event
 * Outlook calendar takes 20 writes, not 200). A crash mid-run loses nothing: the cursor only moves
 * with the last write.
 */
export const WRITE_BATCH_EVENTS = 500;

/** Pages gathered for one write. */
export type EventBatch = {
  /** An event listed twice in one batch is in it once, as last listed. */
  events: ProviderEvent[];
  /** Items of these pages the provider client could not map. */
  skipped: SkippedItem[];
} & (
  | { last: false }
  /** The pass's last batch carries the provider's cursor for the next incremental pass (Google's sync token, Graph's delta link). */
  | { last: true; nextCursor: string | null }
);

export type PassSource = {
  provider: Pick<CalendarProvider, 'listEvents'>;
  /** The calendar's id at the provider. */
  providerCalendarId: string;
  window: SyncWindow;
  /** The stored cursor for an incremental pass; null for a full pass over the window. */
  cursor: string | null;
  /** Runs one provider call with a valid access token (and the run's retries). */
  withToken: <T>(call: (accessToken: string) => Promise<T>) => Promise<T>;
};

/**
 * One pass over a calendar's events at its provider, page after page until the provider hands out
 * its next cursor, gathered into batches of up to `batchEvents` events. The next page is always being
 * fetched while the caller handles a batch, so the provider round trips and the caller's database
 * writes overlap instead of adding up.
 */
export async function* fetchEventBatches(
  source: PassSource,
  batchEvents = WRITE_BATCH_EVENTS,
): AsyncGenerator<EventBatch, void, undefined> {
  const { provider, providerCalendarId, window, cursor, withToken } = source;
  const fetchPage = (pageToken: string | null) =>
    withToken((accessToken) => provider.listEvents({ accessToken, calendarId: providerCalendarId, window, cursor, pageToken }));
  let nextPage = fetchPage(null);
  // Keyed by event id: an event listed twice in one batch is written once, as last listed.
  const events = new Map<string, ProviderEvent>();
  let skipped: SkippedItem[] = [];
  for (;;) {
    const page = await nextPage;
    if (page.nextPageToken) {
      nextPage = fetchPage(page.nextPageToken);
      // Handled where awaited; a caller that stops (a failed write) abandons it, its error too.
      nextPage.catch(() => undefined);
    }
    for (const event of page.events) events.set(event.id, event);
    skipped.push(...page.skipped);
    if (!page.nextPageToken) {
      yield { events: [...events.values()], skipped, last: true, nextCursor: page.nextCursor };
      return;
    }
    if (events.size < batchEvents) continue;
    const batch: EventBatch = { events: [...events.values()], skipped, last: false };
    events.clear();
    skipped = [];
    yield batch;
  }
}
