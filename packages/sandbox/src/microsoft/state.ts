import { createHash, randomBytes, randomUUID } from 'node:crypto';

export type SandboxEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
/** Graph's responseType values as sent on the wire. */
export type GraphResponse = 'none' | 'organizer' | 'tentativelyAccepted' | 'accepted' | 'declined' | 'notResponded';
export type GraphShowAs = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
export type SandboxAttendee = { address: string; name?: string; type?: 'required' | 'optional' | 'resource'; response?: GraphResponse };

/** One stored event. Deleted events stay as tombstones so delta rounds can report `@removed`. */
export type SandboxEvent = {
  id: string;
  calendarId: string;
  type: SandboxEventType;
  seriesMasterId: string | null;
  subject: string;
  bodyPreview: string;
  start: Date;
  end: Date;
  isAllDay: boolean;
  isCancelled: boolean;
  originalStartTimeZone: string;
  iCalUId: string;
  /** Who organizes it (the signed-in user unless it is an invitation). */
  organizer: { address: string; name: string };
  attendees: SandboxAttendee[];
  /** The signed-in user's own answer (`organizer` for their own meetings). */
  response: GraphResponse;
  showAs: GraphShowAs;
  isOnlineMeeting: boolean;
  createdAt: Date;
  lastModifiedAt: Date;
  /** Value of the change counter when the event was created and last changed (compared with delta tokens). */
  createdSeq: number;
  changeSeq: number;
  /** Which Graph properties each change touched: incremental delta rows carry only those. */
  changes: { seq: number; properties: string[] }[];
  deleted: boolean;
};

export type NewSandboxEvent = {
  id?: string;
  calendarId?: string;
  subject: string;
  bodyPreview?: string;
  start: Date;
  end: Date;
  isAllDay?: boolean;
  isCancelled?: boolean;
  originalStartTimeZone?: string;
  /** The same meeting on two calendars shares its iCalUId. */
  iCalUId?: string;
  /** An invitation from someone else (the user is then an attendee answering `response`). */
  organizer?: { address: string; name?: string };
  attendees?: SandboxAttendee[];
  response?: GraphResponse;
  showAs?: GraphShowAs;
  isOnlineMeeting?: boolean;
};

export type SandboxEventPatch = Partial<
  Pick<SandboxEvent, 'subject' | 'bodyPreview' | 'start' | 'end' | 'isCancelled' | 'isAllDay' | 'showAs' | 'response' | 'attendees'>
>;

/** The Graph properties a patch changes (what an incremental delta row then carries). */
const PATCH_PROPERTIES: Record<keyof SandboxEventPatch, string[]> = {
  subject: ['subject'],
  bodyPreview: ['bodyPreview', 'body'],
  start: ['start'],
  end: ['end'],
  isCancelled: ['isCancelled'],
  isAllDay: ['isAllDay', 'start', 'end'],
  showAs: ['showAs'],
  response: ['responseStatus'],
  attendees: ['attendees'],
};

export type SandboxCalendar = { id: string; name: string; isDefaultCalendar: boolean };
export type SandboxUser = { id: string; displayName: string; mail: string | null; userPrincipalName: string };

type AuthorizationCode = {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scopes: string[];
  expiresAt: number;
  redeemed: boolean;
};
type RefreshToken = { grantId: string; scopes: string[]; rotated: boolean };
type AccessToken = { grantId: string; expiresAt: number };
type Grant = { revokedWith: number | null };

/** Server-side state of a delta round's page or of a finished round (what the opaque tokens point at). */
export type DeltaPageState = { calendarId: string; windowStart: Date; windowEnd: Date; items: unknown[]; offset: number; roundSeq: number };
export type DeltaRoundState = { calendarId: string; windowStart: Date; windowEnd: Date; sinceSeq: number };

export type GraphFault = {
  target: 'token' | 'graph' | 'events';
  status: number;
  retryAfterSeconds?: number;
  code?: string;
  remaining: number;
};

const opaque = (bytes = 24) => randomBytes(bytes).toString('base64url');
/** Outlook ids look like long base64 strings ending in '=' (so paths must be encoded); ours carry a readable prefix. */
export const outlookId = (prefix: string) => `AAMk${prefix}${randomBytes(18).toString('base64url')}AAA=`;

/**
 * Everything the fake Microsoft knows: one signed-in user, their calendars and events, the
 * identity platform's codes and tokens, the delta tokens Graph handed out, injected faults and
 * request counters. Tests drive it directly or through the `_control` API.
 */
export class MicrosoftSandboxState {
  user: SandboxUser = {
    id: randomUUID(),
    displayName: 'Sandbox User',
    mail: 'sandbox.user@contoso.test',
    userPrincipalName: 'sandbox.user@contoso.test',
  };
  calendars: SandboxCalendar[] = [];
  readonly events = new Map<string, SandboxEvent>();
  private seq = 0;

  readonly codes = new Map<string, AuthorizationCode>();
  readonly refreshTokens = new Map<string, RefreshToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly grants = new Map<string, Grant>();
  readonly deltaPages = new Map<string, DeltaPageState>();
  readonly deltaRounds = new Map<string, DeltaRoundState>();

  /** Next authorize requests are denied (user clicks "Cancel" on the consent screen). */
  denyConsent = false;
  accessTokenLifetimeSeconds = 3599;
  /**
   * A lower bound than Graph's own on a page, whatever the client prefers (forces paging in tests);
   * by default Graph's documented maximum for a calendar view (GRAPH_CALENDAR_VIEW_MAX_PAGE_SIZE).
   */
  maxPageSize = 1000;
  /**
   * Timed events come back in their own (Windows) zone, as when a proxy drops the
   * `Prefer: outlook.timezone` header or a mailbox default applies. All-day events always do.
   */
  timedEventsInOwnZone = false;
  faults: GraphFault[] = [];
  delayMs = 0;
  readonly counters: Record<string, number> = {};

  constructor() {
    this.reset();
  }

  reset(): void {
    this.user = {
      id: randomUUID(),
      displayName: 'Sandbox User',
      mail: 'sandbox.user@contoso.test',
      userPrincipalName: 'sandbox.user@contoso.test',
    };
    this.calendars = [
      { id: outlookId('Cal'), name: 'Calendar', isDefaultCalendar: true },
      { id: outlookId('Work'), name: 'Work', isDefaultCalendar: false },
    ];
    for (const map of [this.events, this.codes, this.refreshTokens, this.accessTokens, this.grants, this.deltaPages, this.deltaRounds])
      map.clear();
    for (const key of Object.keys(this.counters)) delete this.counters[key];
    this.seq = 0;
    this.denyConsent = false;
    this.accessTokenLifetimeSeconds = 3599;
    this.maxPageSize = 1000;
    this.timedEventsInOwnZone = false;
    this.faults = [];
    this.delayMs = 0;
  }

  count(key: string): void {
    this.counters[key] = (this.counters[key] ?? 0) + 1;
  }

  get currentSeq(): number {
    return this.seq;
  }

  get defaultCalendar(): SandboxCalendar {
    const calendar = this.calendars.find((c) => c.isDefaultCalendar) ?? this.calendars[0];
    if (!calendar) throw new Error('the sandbox has no calendars');
    return calendar;
  }

  // ---- calendar data -------------------------------------------------------------------------

  addEvent(input: NewSandboxEvent, extra: { type?: SandboxEventType; seriesMasterId?: string | null } = {}): SandboxEvent {
    const calendarId = input.calendarId ?? this.defaultCalendar.id;
    if (!this.calendars.some((c) => c.id === calendarId)) throw new Error(`unknown calendar ${calendarId}`);
    const now = new Date();
    const seq = ++this.seq;
    const userAddress = this.user.mail ?? this.user.userPrincipalName;
    const organizer = input.organizer
      ? { address: input.organizer.address, name: input.organizer.name ?? input.organizer.address.split('@')[0]! }
      : { address: userAddress, name: this.user.displayName };
    const invited = organizer.address.toLowerCase() !== userAddress.toLowerCase();
    const event: SandboxEvent = {
      id: input.id ?? outlookId('Evt'),
      calendarId,
      type: extra.type ?? 'singleInstance',
      seriesMasterId: extra.seriesMasterId ?? null,
      subject: input.subject,
      bodyPreview: input.bodyPreview ?? '',
      start: input.start,
      end: input.end,
      isAllDay: input.isAllDay ?? false,
      isCancelled: input.isCancelled ?? false,
      originalStartTimeZone: input.originalStartTimeZone ?? 'W. Europe Standard Time',
      // Exchange's iCalUId: a fixed prefix and a per-item global id.
      iCalUId: input.iCalUId ?? `040000008200E00074C5B7101A82E00800000000${randomBytes(20).toString('hex').toUpperCase()}`,
      organizer,
      attendees: input.attendees ?? [],
      response: input.response ?? (invited ? 'notResponded' : input.attendees?.length ? 'organizer' : 'none'),
      showAs: input.showAs ?? (input.isAllDay ? 'free' : 'busy'),
      isOnlineMeeting: input.isOnlineMeeting ?? false,
      createdAt: now,
      lastModifiedAt: now,
      createdSeq: seq,
      changeSeq: seq,
      changes: [],
      deleted: false,
    };
    this.events.set(event.id, event);
    return event;
  }

  /** A recurring series: a master (never listed by calendarView) and `count` expanded occurrences. */
  addSeries(input: NewSandboxEvent & { count: number; intervalDays?: number }): { master: SandboxEvent; occurrences: SandboxEvent[] } {
    const master = this.addEvent(input, { type: 'seriesMaster' });
    const step = (input.intervalDays ?? 1) * 86_400_000;
    const occurrences = Array.from({ length: input.count }, (_, index) =>
      this.addEvent(
        {
          ...input,
          id: outlookId(`Occ${index}`),
          iCalUId: undefined,
          start: new Date(input.start.getTime() + index * step),
          end: new Date(input.end.getTime() + index * step),
        },
        { type: 'occurrence', seriesMasterId: master.id },
      ),
    );
    return { master, occurrences };
  }

  /** Changing one occurrence turns it into an exception, as Outlook does. */
  updateEvent(id: string, patch: SandboxEventPatch): SandboxEvent {
    const event = this.liveEvent(id);
    const seq = ++this.seq;
    const properties = [...new Set(Object.keys(patch).flatMap((key) => PATCH_PROPERTIES[key as keyof SandboxEventPatch] ?? []))];
    Object.assign(event, patch, { lastModifiedAt: new Date(), changeSeq: seq });
    event.changes.push({ seq, properties });
    if (event.type === 'occurrence') event.type = 'exception';
    return event;
  }

  /** The Graph properties changed after `sinceSeq` (an event created after it is new: all of them). */
  changedSince(event: SandboxEvent, sinceSeq: number): string[] | 'all' {
    if (event.createdSeq > sinceSeq) return 'all';
    return [...new Set(event.changes.filter((change) => change.seq > sinceSeq).flatMap((change) => change.properties))];
  }

  /** Deleting a series master deletes all its occurrences. */
  deleteEvent(id: string): void {
    const event = this.liveEvent(id);
    const targets = [event, ...[...this.events.values()].filter((e) => e.seriesMasterId === id && !e.deleted)];
    for (const target of targets) Object.assign(target, { deleted: true, lastModifiedAt: new Date(), changeSeq: ++this.seq });
  }

  private liveEvent(id: string): SandboxEvent {
    const event = this.events.get(id);
    if (!event || event.deleted) throw new Error(`unknown event ${id}`);
    return event;
  }

  // ---- identity platform ---------------------------------------------------------------------

  issueCode(input: Omit<AuthorizationCode, 'expiresAt' | 'redeemed'>): string {
    const code = `M.C5${opaque(32)}`;
    this.codes.set(code, { ...input, expiresAt: Date.now() + 10 * 60_000, redeemed: false });
    return code;
  }

  /** Issues an access + refresh token pair for a (new or existing) grant. */
  issueTokens(grantId: string, scopes: string[]): { accessToken: string; refreshToken: string; expiresIn: number } {
    if (!this.grants.has(grantId)) this.grants.set(grantId, { revokedWith: null });
    const accessToken = `eyJ0eXAiOiJKV1Qi.${opaque(32)}`;
    const refreshToken = `0.AXoA${opaque(48)}`;
    this.accessTokens.set(accessToken, { grantId, expiresAt: Date.now() + this.accessTokenLifetimeSeconds * 1000 });
    this.refreshTokens.set(refreshToken, { grantId, scopes, rotated: false });
    return { accessToken, refreshToken, expiresIn: this.accessTokenLifetimeSeconds };
  }

  static pkceChallenge(verifier: string): string {
    return createHash('sha256').update(verifier).digest('base64url');
  }

  /** True when the bearer token is known, unexpired and its grant not revoked. */
  accessTokenValid(token: string): boolean {
    const entry = this.accessTokens.get(token);
    if (!entry || entry.expiresAt <= Date.now()) return false;
    return this.grants.get(entry.grantId)?.revokedWith === null;
  }

  expireAccessTokens(): void {
    for (const entry of this.accessTokens.values()) entry.expiresAt = 0;
  }

  /**
   * The user removes the app's consent (or an admin disables the account): every refresh fails with
   * the given AADSTS code and current access tokens stop working.
   */
  revokeConsent(aadsts = 65001): void {
    for (const grant of this.grants.values()) grant.revokedWith = aadsts;
  }

  expireDeltaTokens(): void {
    this.deltaRounds.clear();
    this.deltaPages.clear();
  }

  // ---- faults ----------------------------------------------------------------------------------

  injectFault(fault: Omit<GraphFault, 'remaining'> & { count?: number }): void {
    const { count = 1, ...rest } = fault;
    this.faults.push({ ...rest, remaining: count });
  }

  /** The next pending fault for this kind of request, consumed. */
  takeFault(target: 'token' | 'graph' | 'events'): GraphFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (f.target === target || (f.target === 'graph' && target === 'events')));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  newToken(): string {
    return opaque(24);
  }
}
