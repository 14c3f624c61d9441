import type { z } from 'zod';
import type {
  CalendarProvider,
  EventPage,
  ListEventsRequest,
  OAuthTokens,
  ProviderAccountInfo,
  ProviderCalendar,
  ProviderEvent,
} from '../calendar/types.ts';
import type { ProviderSettings } from '../config.ts';
import { ProviderError } from '../shared/provider-error.ts';
import { mapPageItems } from '../calendar/map-items.ts';
import { toDeltaEvent, toProviderEvent } from './event-mapping.ts';
import { GraphApi } from './graph-api.ts';
import { GraphDateTimeError, formatGraphQueryDateTime } from './graph-datetime.ts';
import { graphCalendarPageSchema, graphDeltaItemSchema, graphDeltaPageSchema, graphEventSchema, graphUserSchema } from './graph-schemas.ts';
import { IdentityPlatformClient } from './identity-platform.ts';

export type MicrosoftProviderOptions = {
  /** Per-request timeout for the token endpoint and Graph. @defaultValue 15000 */
  timeoutMs?: number;
  /** `Prefer: odata.maxpagesize` for event pages (Graph may send fewer). @defaultValue 1000 (MAX_EVENT_PAGE_SIZE) */
  pageSize?: number;
  /** Calendars pages followed at most (a mailbox with more is almost certainly a loop). @defaultValue 20 */
  maxCalendarPages?: number;
  now?: () => Date;
};

const SCOPES = ['offline_access', 'Calendars.Read', 'User.Read'];

/**
 * The largest event page Graph documents for a calendar view ("`$top` has a minimum value of 1 and
 * maximum of 1000", List calendarView v1.0); calendarView/delta takes `odata.maxpagesize` and names
 * no maximum of its own. Every page is a provider request and a slot of the account's pacing
 * budget: 10,000 events take 10 requests at this size, 1,000 at Graph's default of 10.
 */
const MAX_EVENT_PAGE_SIZE = 1000;

/**
 * Outlook / Microsoft 365 calendars through the identity platform v2.0 and Microsoft Graph.
 * Events come from `/me/calendars/{id}/calendarView/delta`: the first round over the sync window
 * is the full pass (recurring series expanded into occurrences), its final `@odata.deltaLink` is
 * the cursor for incremental rounds, and every `@odata.nextLink` is followed as the page token.
 */
export class MicrosoftCalendarProvider implements CalendarProvider {
  readonly name = 'microsoft' as const;
  readonly calendarListKey = 'name' as const;
  readonly scopes = SCOPES;
  readonly requiredScopes = ['Calendars.Read', 'User.Read'];

  private readonly identity: IdentityPlatformClient;
  private readonly graph: GraphApi;
  private readonly pageSize: number;
  private readonly maxCalendarPages: number;

  constructor(settings: ProviderSettings['microsoft'], options: MicrosoftProviderOptions = {}) {
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.identity = new IdentityPlatformClient(
      {
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        authorizeUrl: settings.endpoints.authorizeUrl,
        tokenUrl: settings.endpoints.tokenUrl,
      },
      { timeoutMs, now: options.now ?? (() => new Date()) },
    );
    this.graph = new GraphApi(settings.endpoints.graphBaseUrl, { timeoutMs });
    this.pageSize = options.pageSize ?? MAX_EVENT_PAGE_SIZE;
    this.maxCalendarPages = options.maxCalendarPages ?? 20;
  }

  authorizationUrl(input: { state: string; codeChallenge: string; redirectUri: string; loginHint?: string }): string {
    return this.identity.authorizationUrl({ ...input, scopes: this.scopes });
  }

  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthTokens> {
    return this.identity.exchangeCode({ ...input, scopes: this.scopes });
  }

  /** The response's refresh token replaces the stored one: Microsoft may invalidate the old one. */
  refreshAccessToken(refreshToken: string): Promise<OAuthTokens> {
    return this.identity.refresh(refreshToken, this.scopes);
  }

  /**
   * Deliberately a no-op. The identity platform has no endpoint to revoke one app's delegated
   * refresh token; the only Graph call (`POST /me/revokeSignInSessions`) signs the user out of
   * every app and device, which disconnecting a calendar must never do. We forget the tokens; the
   * user removes the app's consent at https://myapps.microsoft.com (or an admin in Entra ID).
   */
  async revokeToken(_token: string): Promise<void> {}

  async getAccount(accessToken: string): Promise<ProviderAccountInfo> {
    const user = await this.graph.get({
      accessToken,
      path: '/me?$select=id,mail,userPrincipalName',
      schema: graphUserSchema,
      what: 'GET /me',
    });
    // Personal accounts often have no `mail`; the sign-in name is the address then.
    return { accountId: user.id, email: user.mail ?? user.userPrincipalName ?? null };
  }

  async listCalendars(accessToken: string): Promise<ProviderCalendar[]> {
    const calendars: ProviderCalendar[] = [];
    let path: string | null = '/me/calendars?$select=id,name,isDefaultCalendar&$top=100';
    for (let page = 0; path !== null; page += 1) {
      if (page >= this.maxCalendarPages)
        throw new ProviderError('microsoft', 'permanent', 'Microsoft Graph GET /me/calendars: too many pages');
      const body: z.infer<typeof graphCalendarPageSchema> = await this.graph.get({
        accessToken,
        path,
        schema: graphCalendarPageSchema,
        what: 'GET /me/calendars',
      });
      calendars.push(
        ...body.value.map((calendar) => ({ id: calendar.id, name: calendar.name, primary: calendar.isDefaultCalendar === true })),
      );
      const next: string | undefined = body['@odata.nextLink'];
      path = next ? this.followLink(next, 'permanent') : null;
    }
    return calendars;
  }

  async listEvents(request: ListEventsRequest): Promise<EventPage> {
    const path = request.pageToken
      ? this.followLink(request.pageToken, 'cursor_expired')
      : request.cursor
        ? this.followLink(request.cursor, 'cursor_expired')
        : this.windowPath(request);
    const page = await this.graph.get({
      accessToken: request.accessToken,
      path,
      schema: graphDeltaPageSchema,
      // Graph honours both preferences only when they are sent on every request of the round.
      headers: { Prefer: `outlook.timezone="UTC", odata.maxpagesize=${this.pageSize}` },
      what: 'GET calendarView/delta',
    });
    return {
      ...mapPageItems(page.value, graphDeltaItemSchema, toDeltaEvent),
      nextPageToken: page['@odata.nextLink'] ?? null,
      nextCursor: page['@odata.deltaLink'] ?? null,
    };
  }

  /**
   * GET /me/events/{id}: a series master (whose subject, body and attendees its bare occurrences
   * lack) or an event a delta row sent only partly. A 404 means it is gone.
   */
  async getEvent(request: { accessToken: string; calendarId: string; eventId: string }): Promise<ProviderEvent | null> {
    try {
      const item = await this.graph.get({
        accessToken: request.accessToken,
        path: `/me/events/${encodeURIComponent(request.eventId)}`,
        schema: graphEventSchema,
        headers: { Prefer: 'outlook.timezone="UTC"' },
        what: 'GET /me/events/{id}',
      });
      return toProviderEvent(item);
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'not_found') return null;
      if (error instanceof GraphDateTimeError)
        throw new ProviderError('microsoft', 'permanent', `Microsoft Graph GET /me/events/{id}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  /**
   * The first request of a full round. The v1.0 docs show `/me/calendarView/delta` (the default
   * calendar); the per-calendar form used here is what lets users pick any of their calendars.
   */
  private windowPath(request: ListEventsRequest): string {
    const query = new URLSearchParams({
      startDateTime: formatGraphQueryDateTime(request.window.start),
      endDateTime: formatGraphQueryDateTime(request.window.end),
    });
    return `/me/calendars/${encodeURIComponent(request.calendarId)}/calendarView/delta?${query.toString()}`;
  }

  private followLink(link: string, kind: 'cursor_expired' | 'permanent'): string {
    const path = this.graph.relativePath(link);
    if (path === null)
      throw new ProviderError(
        'microsoft',
        kind,
        'Microsoft Graph link does not point at the configured Graph base URL; refusing to follow it',
      );
    return path;
  }
}
