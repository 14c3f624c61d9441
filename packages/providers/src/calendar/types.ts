/**
 * The contract every calendar provider implements. The sync engine, the OAuth flow and the token
 * refresher in @billops/domain only ever see these types; nothing outside a provider's folder
 * branches on the provider's name.
 */
export const CALENDAR_PROVIDERS = ['google', 'microsoft'] as const;
export type CalendarProviderName = (typeof CALENDAR_PROVIDERS)[number];

export type OAuthTokens = {
  accessToken: string;
  /** Absent when the provider did not send a new one (keep the stored one). */
  refreshToken?: string;
  expiresAt: Date;
  scopes: string[];
};

export type ProviderAccountInfo = { accountId: string; email: string | null };

export type ProviderCalendar = { id: string; name: string; primary: boolean };

/** The user's own answer to an invitation; null when the user organizes it or nobody was invited. */
export type SelfResponse = 'accepted' | 'tentative' | 'declined' | 'needs_action';
/** Free/busy as the provider shows it (Graph `showAs`; Google `transparency`: transparent → free). */
export type ShowAs = 'busy' | 'free' | 'tentative' | 'oof' | 'working_elsewhere' | 'unknown';
/** Google `eventType` (Graph has none; its `showAs: oof` maps to out_of_office). */
export type CalendarEventType = 'default' | 'out_of_office' | 'focus_time' | 'working_location' | 'birthday' | 'from_gmail';

/** What decides whether an event is a meeting the user may bill. */
export type MeetingFacts = {
  selfResponse: SelfResponse | null;
  isOrganizer: boolean;
  showAs: ShowAs;
  eventType: CalendarEventType;
  /**
   * The other people in the meeting, lower-case: attendees other than the user (and not rooms or
   * resources), plus the organizer when that is someone else. The engine also drops the connected
   * account's own address, which Graph does not mark.
   */
  attendeeEmails: string[];
  organizerEmail: string | null;
  iCalUid: string | null;
  hasOnlineMeeting: boolean;
};

/** One event (or one occurrence of a recurring series) as the engine stores it. */
export type ProviderEvent = MeetingFacts & {
  /** Instance id: unique per calendar, stable across syncs. */
  id: string;
  /** The recurring series this occurrence belongs to, if any. */
  seriesId: string | null;
  cancelled: boolean;
  allDay: boolean;
  title: string;
  description: string | null;
  /** UTC instants; null only for cancelled stubs and all-day items, whose times are never read. */
  start: Date | null;
  end: Date | null;
  /** The event's own IANA (or provider) time zone, kept for display. */
  timeZone: string | null;
  /**
   * Fields the item did not carry, filled with defaults here. Graph delta rows hold "at least the
   * properties that have been updated" and occurrences may come as id, type, seriesMasterId, start
   * and end only: the engine keeps the stored values for these fields, or completes them from the
   * series master or a fresh read. Empty or absent: the item is complete.
   */
  absent?: EventField[];
};

export type EventField = Exclude<keyof ProviderEvent, 'id' | 'absent'>;

/** An item of a page that could not be mapped: skipped and counted, never a reason to stop the calendar. */
export type SkippedItem = { id: string | null; error: string };

export type SyncWindow = { start: Date; end: Date };

export type EventPage = {
  events: ProviderEvent[];
  skipped: SkippedItem[];
  /** Continue this pass with the next page. */
  nextPageToken: string | null;
  /** Present on the last page: the cursor for the next incremental sync. */
  nextCursor: string | null;
};

export type ListEventsRequest = {
  accessToken: string;
  calendarId: string;
  window: SyncWindow;
  /** Null for a full pass over the window; the stored cursor for an incremental pass. */
  cursor: string | null;
  pageToken: string | null;
};

export interface CalendarProvider {
  readonly name: CalendarProviderName;
  /**
   * The key the API uses for a calendar's display name when listing calendars, as the product spec
   * names it per provider (Google `{"id","summary"}`, Microsoft `{"id","name"}`).
   */
  readonly calendarListKey: 'summary' | 'name';
  /** Scopes the app asks for; `requiredScopes` must all be granted. */
  readonly scopes: string[];
  readonly requiredScopes: string[];
  authorizationUrl(input: { state: string; codeChallenge: string; redirectUri: string; loginHint?: string }): string;
  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthTokens>;
  /** Throws ProviderError('auth_revoked') for invalid_grant/revoked consent, 'transient'/'rate_limited' otherwise. */
  refreshAccessToken(refreshToken: string): Promise<OAuthTokens>;
  /** Best effort: revoking an already-invalid token is not an error. */
  revokeToken(token: string): Promise<void>;
  getAccount(accessToken: string): Promise<ProviderAccountInfo>;
  listCalendars(accessToken: string): Promise<ProviderCalendar[]>;
  /**
   * One page of events; throws ProviderError('cursor_expired') when the cursor is no longer valid and
   * ProviderError('unauthorized') when the access token is rejected (the caller refreshes and retries once).
   */
  listEvents(request: ListEventsRequest): Promise<EventPage>;
  /**
   * One event or series master read on its own, complete (null when it no longer exists), to finish
   * items a page sent partially. Providers whose pages are always complete need not offer it.
   */
  getEvent?(request: { accessToken: string; calendarId: string; eventId: string }): Promise<ProviderEvent | null>;
}
