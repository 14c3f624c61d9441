import { CodeChallengeMethod, OAuth2Client, type Credentials } from 'google-auth-library';
import { calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import type {
  CalendarProvider,
  EventPage,
  ListEventsRequest,
  OAuthTokens,
  ProviderAccountInfo,
  ProviderCalendar,
} from '../calendar/types.ts';
import type { ProviderSettings } from '../config.ts';
import { ProviderError } from '../shared/provider-error.ts';
import { mapGoogleApiError, mapGoogleTokenError } from './errors.ts';
import { mapPageItems } from '../calendar/map-items.ts';
import { toProviderEvent } from './map-event.ts';
import { calendarListPageSchema, eventsPageSchema, googleEventSchema, tokenResponseSchema, userInfoSchema } from './schemas.ts';

export const GOOGLE_CALENDAR_READONLY_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
/**
 * Google's largest pages (events.list: "can never be larger than 2500 events", default 250;
 * calendarList.list: at most 250, default 100). A 10,000-event calendar is 4 requests, not 40, and
 * each page is a whole write batch, written while the next page is fetched.
 */
const EVENT_PAGE_SIZE = 2500;
const CALENDAR_LIST_PAGE_SIZE = 250;
const DEFAULT_TOKEN_LIFETIME_MS = 3600_000;

/** Exposes the library's uncached refresh, whose answer keeps a rotated refresh token (the public one overwrites it). */
class GoogleOAuthClient extends OAuth2Client {
  refreshWith(refreshToken: string) {
    return this.refreshTokenNoCache(refreshToken);
  }
}

export type GoogleProviderOptions = { now?: () => number };

/**
 * Google Calendar through the official clients (google-auth-library for OAuth, googleapis'
 * calendar v3), pointed at Google or the sandbox by `settings.endpoints`. No retries inside:
 * errors become ProviderErrors and the caller's withRetry decides.
 */
export class GoogleCalendarProvider implements CalendarProvider {
  readonly name = 'google' as const;
  readonly calendarListKey = 'summary' as const;
  readonly scopes = ['openid', 'email', GOOGLE_CALENDAR_READONLY_SCOPE];
  readonly requiredScopes = [GOOGLE_CALENDAR_READONLY_SCOPE];
  private readonly now: () => number;

  constructor(
    private readonly settings: ProviderSettings['google'],
    options: GoogleProviderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  private oauthClient(credentials?: Credentials): GoogleOAuthClient {
    const { endpoints } = this.settings;
    const client = new GoogleOAuthClient({
      clientId: this.settings.clientId,
      clientSecret: this.settings.clientSecret,
      redirectUri: this.settings.redirectUri,
      endpoints: { oauth2AuthBaseUrl: endpoints.authUrl, oauth2TokenUrl: endpoints.tokenUrl, oauth2RevokeUrl: endpoints.revokeUrl },
      // The library retries token calls itself; our callers already retry transient errors with
      // backoff (withRetry, then the job), so nested retries would only multiply the attempts.
      transporterOptions: { retryConfig: { retry: 0 } },
    });
    if (credentials) client.setCredentials(credentials);
    return client;
  }

  /**
   * The calendar API client and the per-call options: the bearer token as a header (googleapis
   * bundles its own copy of google-auth-library, so our OAuth2Client is not its `auth` type) and
   * the root URL per call, because the client-wide `rootUrl` drops any path prefix (the sandbox
   * lives under /google). `retry: false`: backoff belongs to withRetry, which honours Retry-After.
   */
  private calendarApi(accessToken: string): { api: calendar_v3.Calendar; call: { rootUrl: string; headers: Record<string, string> } } {
    return {
      api: calendar({ version: 'v3', retry: false }),
      call: { rootUrl: this.settings.endpoints.apiRootUrl, headers: { Authorization: `Bearer ${accessToken}` } },
    };
  }

  authorizationUrl(input: { state: string; codeChallenge: string; redirectUri: string; loginHint?: string }): string {
    return this.oauthClient().generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      include_granted_scopes: true,
      scope: this.scopes,
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: CodeChallengeMethod.S256,
      redirect_uri: input.redirectUri,
      ...(input.loginHint ? { login_hint: input.loginHint } : {}),
    });
  }

  private toTokens(raw: unknown): OAuthTokens {
    const parsed = tokenResponseSchema.safeParse(raw);
    if (!parsed.success) throw new ProviderError('google', 'permanent', 'Google token endpoint sent an unexpected response');
    const t = parsed.data;
    const expiresAt = t.expiry_date ?? (t.expires_in ? this.now() + t.expires_in * 1000 : this.now() + DEFAULT_TOKEN_LIFETIME_MS);
    return {
      accessToken: t.access_token,
      ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
      expiresAt: new Date(expiresAt),
      scopes: (t.scope ?? '').split(/\s+/).filter(Boolean),
    };
  }

  async exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<OAuthTokens> {
    try {
      const { tokens } = await this.oauthClient().getToken({
        code: input.code,
        codeVerifier: input.codeVerifier,
        redirect_uri: input.redirectUri,
      });
      return this.toTokens(tokens);
    } catch (error) {
      throw mapGoogleTokenError(error);
    }
  }

  async refreshAccessToken(refreshToken: string): Promise<OAuthTokens> {
    try {
      const { tokens } = await this.oauthClient().refreshWith(refreshToken);
      return this.toTokens(tokens);
    } catch (error) {
      throw mapGoogleTokenError(error);
    }
  }

  async revokeToken(token: string): Promise<void> {
    try {
      await this.oauthClient().revokeToken(token);
    } catch (error) {
      const mapped = mapGoogleTokenError(error);
      // Google answers 400 invalid_token for a token that is already expired or revoked: nothing left to do.
      if (mapped.status === 400) return;
      throw mapped;
    }
  }

  async getAccount(accessToken: string): Promise<ProviderAccountInfo> {
    try {
      const res = await this.oauthClient({ access_token: accessToken }).request({ url: this.settings.endpoints.userInfoUrl, retry: false });
      const info = userInfoSchema.safeParse(res.data);
      if (!info.success) throw new ProviderError('google', 'permanent', 'Google userinfo sent an unexpected response');
      return { accountId: info.data.sub, email: info.data.email ?? null };
    } catch (error) {
      throw mapGoogleApiError(error);
    }
  }

  async listCalendars(accessToken: string): Promise<ProviderCalendar[]> {
    const { api, call } = this.calendarApi(accessToken);
    const calendars: ProviderCalendar[] = [];
    let pageToken: string | undefined;
    do {
      let data: unknown;
      try {
        ({ data } = await api.calendarList.list({ maxResults: CALENDAR_LIST_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) }, call));
      } catch (error) {
        throw mapGoogleApiError(error);
      }
      const page = calendarListPageSchema.safeParse(data);
      if (!page.success) throw new ProviderError('google', 'permanent', 'Google calendarList sent an unexpected response');
      for (const item of page.data.items ?? []) {
        calendars.push({ id: item.id, name: item.summaryOverride ?? item.summary ?? item.id, primary: item.primary ?? false });
      }
      pageToken = page.data.nextPageToken ?? undefined;
    } while (pageToken);
    return calendars;
  }

  async listEvents(request: ListEventsRequest): Promise<EventPage> {
    const params: calendar_v3.Params$Resource$Events$List = {
      calendarId: request.calendarId,
      singleEvents: true,
      maxResults: EVENT_PAGE_SIZE,
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
      // Google rejects time bounds together with a sync token; incremental passes also need deleted items.
      ...(request.cursor
        ? { syncToken: request.cursor, showDeleted: true }
        : { timeMin: request.window.start.toISOString(), timeMax: request.window.end.toISOString(), showDeleted: false }),
    };
    let data: unknown;
    try {
      const { api, call } = this.calendarApi(request.accessToken);
      ({ data } = await api.events.list(params, call));
    } catch (error) {
      throw mapGoogleApiError(error);
    }
    const page = eventsPageSchema.safeParse(data);
    if (!page.success) throw new ProviderError('google', 'permanent', 'Google events.list sent an unexpected response');
    const calendarTimeZone = page.data.timeZone ?? null;
    return {
      ...mapPageItems(page.data.items ?? [], googleEventSchema, (item) => toProviderEvent(item, calendarTimeZone)),
      nextPageToken: page.data.nextPageToken ?? null,
      nextCursor: page.data.nextPageToken ? null : (page.data.nextSyncToken ?? null),
    };
  }
}
