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

/** One event (or one occurrence of a recurring series) as the engine stores it. */
export type ProviderEvent = {
  /** Instance id: unique per calendar, stable across syncs. */
  id: string;
  /** The recurring series this occurrence belongs to, if any. */
  seriesId: string | null;
  cancelled: boolean;
  allDay: boolean;
  title: string;
  description: string | null;
  /** UTC instants; null only for cancelled stubs that carry no times. */
  start: Date | null;
  end: Date | null;
  /** The event's own IANA (or provider) time zone, kept for display. */
  timeZone: string | null;
};

export type SyncWindow = { start: Date; end: Date };

export type EventPage = {
  events: ProviderEvent[];
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
}
