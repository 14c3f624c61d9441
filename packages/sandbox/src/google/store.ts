import { randomBytes } from 'node:crypto';

/** The OAuth client the sandbox accepts (same values as SANDBOX_CREDENTIALS in @billops/providers; not secrets). */
export const SANDBOX_GOOGLE_CLIENT = { clientId: 'sandbox-google-client', clientSecret: 'sandbox-google-secret' } as const;
export const DEFAULT_USER_EMAIL = 'sandbox.user@example.com';

export type EventTime = { dateTime?: string; date?: string; timeZone?: string };
export type Attendee = {
  email: string;
  displayName?: string;
  responseStatus?: 'needsAction' | 'declined' | 'tentative' | 'accepted';
  organizer?: boolean;
  resource?: boolean;
  optional?: boolean;
};
/** What makes an event a meeting (or not), as the Events resource carries it. */
export type MeetingFields = {
  /** Someone else's meeting: the calendar's owner is then one of the attendees. Default: the calendar itself. */
  organizer?: { email: string; displayName?: string };
  attendees?: Attendee[];
  /** "transparent" = shown as available. Google omits the default ("opaque"). */
  transparency?: 'opaque' | 'transparent';
  eventType?: 'default' | 'outOfOffice' | 'focusTime' | 'workingLocation' | 'birthday' | 'fromGmail';
  /** A Google Meet link (hangoutLink + conferenceData). */
  meet?: boolean;
  /** The same meeting on another calendar shares its iCalUID. */
  iCalUID?: string;
};
export type StoredEvent = MeetingFields & {
  id: string;
  calendarId: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  summary: string;
  description?: string;
  start: EventTime;
  end: EventTime;
  recurringEventId?: string;
  originalStartTime?: EventTime;
  recurrence?: string[];
  created: string;
  updated: string;
  /** Change counter value at the last change: incremental syncs return what changed after their token. */
  seq: number;
  sequence: number;
};
export type SandboxCalendar = { id: string; summary: string; timeZone: string; primary: boolean; events: Map<string, StoredEvent> };
export type SandboxUser = { sub: string; email: string; name: string };
export type AuthCode = {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  offline: boolean;
  userSub: string;
  expiresAt: number;
  used: boolean;
};
export type Grant = { refreshToken: string; userSub: string; scopes: string[]; revoked: boolean };
export type AccessToken = { grant: Grant | null; userSub: string; scopes: string[]; expiresAt: number };
export type SyncToken = { calendarId: string; seq: number; valid: boolean };
export type PendingPages = { items: unknown[]; pageSize: number; nextSyncToken: string | null; extra: Record<string, unknown> };
export type Fault = { endpoint: string; remaining: number; status?: number; retryAfter?: string; delayMs?: number };
export type SandboxSettings = {
  accessTokenTtlSeconds: number;
  maxPageSize: number;
  denyAuthorization: boolean;
  /** Scopes the fake user grants (null = everything asked for), to exercise partial consent. */
  grantedScopes: string[] | null;
  rotateRefreshTokens: boolean;
  /** Google sends no refresh token when the user already granted offline access without a fresh consent; false mimics that. */
  issueRefreshTokens: boolean;
};

export const newId = (bytes = 16) => randomBytes(bytes).toString('hex');
export const newToken = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;

const defaultSettings = (): SandboxSettings => ({
  accessTokenTtlSeconds: 3599,
  maxPageSize: 2500,
  denyAuthorization: false,
  grantedScopes: null,
  rotateRefreshTokens: false,
  issueRefreshTokens: true,
});

/** Everything the fake Google knows, in memory. One instance per sandbox. */
export class GoogleSandboxState {
  seq = 0;
  users = new Map<string, SandboxUser>();
  calendars = new Map<string, SandboxCalendar>();
  authCodes = new Map<string, AuthCode>();
  grants = new Map<string, Grant>();
  accessTokens = new Map<string, AccessToken>();
  syncTokens = new Map<string, SyncToken>();
  pages = new Map<string, PendingPages>();
  faults: Fault[] = [];
  counters = { requests: {} as Record<string, number>, tokenRefreshes: 0, codeExchanges: 0 };
  settings: SandboxSettings = defaultSettings();

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** The user signing in: one per email (the `login_hint`), created on first sight. */
  userFor(email: string = DEFAULT_USER_EMAIL): SandboxUser {
    for (const user of this.users.values()) if (user.email === email) return user;
    const user = { sub: String(100000000000000000000n + BigInt(this.users.size + 1)), email, name: email.split('@')[0] ?? email };
    this.users.set(user.sub, user);
    return user;
  }

  addCalendar(input: { id: string; summary?: string; timeZone?: string; primary?: boolean }): SandboxCalendar {
    const existing = this.calendars.get(input.id);
    if (existing) return existing;
    const calendar = {
      id: input.id,
      summary: input.summary ?? input.id,
      timeZone: input.timeZone ?? 'UTC',
      primary: input.primary ?? false,
      events: new Map(),
    };
    this.calendars.set(calendar.id, calendar);
    return calendar;
  }

  countRequest(endpoint: string) {
    this.counters.requests[endpoint] = (this.counters.requests[endpoint] ?? 0) + 1;
  }

  /** Takes the next matching injected fault (by endpoint name, `*`, or a path prefix such as `/calendar/v3/calendars/x`), if any. */
  takeFault(endpoint: string, path: string): Fault | undefined {
    const matches = (f: Fault) =>
      f.endpoint === endpoint || f.endpoint === '*' || (f.endpoint.startsWith('/') && path.startsWith(f.endpoint));
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f));
    if (fault) fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  reset() {
    this.seq = 0;
    for (const map of [this.users, this.calendars, this.authCodes, this.grants, this.accessTokens, this.syncTokens, this.pages])
      map.clear();
    this.faults = [];
    this.counters = { requests: {}, tokenRefreshes: 0, codeExchanges: 0 };
    this.settings = defaultSettings();
  }
}
