import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { deltaItemJson, graphEventJson, removedEventJson, sendGraphError } from './formats.ts';
import type { DeltaPageState, MicrosoftSandboxState, SandboxEvent } from './state.ts';

/** Graph's own codes for the statuses the sandbox can be told to inject. */
const FAULT_CODES: Record<number, [string, string]> = {
  429: ['TooManyRequests', 'Application is over its MailboxConcurrency limit.'],
  500: ['generalException', 'An internal server error occurred.'],
  503: ['ServiceNotAvailable', 'The service is temporarily unavailable. Please retry later.'],
  504: ['GatewayTimeout', 'The gateway did not receive a timely response.'],
};

/** Graph's page size for calendarView (and its delta) when the client asks for none: 10 events. */
const DEFAULT_PAGE_SIZE = 10;
/**
 * The largest page Graph documents for a calendar view: "CalendarView with `$top` has a minimum value
 * of 1 and maximum of 1000" (List calendarView, v1.0). The delta docs take `Prefer:
 * odata.maxpagesize={x}` and name no maximum of their own ("Graph may send fewer"); a delta round
 * over a calendar view returns what the view returns, so the sandbox caps both at the view's 1000
 * and never serves a bigger page than the docs promise.
 */
export const GRAPH_CALENDAR_VIEW_MAX_PAGE_SIZE = 1000;

const windowQuery = z.object({ startDateTime: z.iso.datetime({ offset: true }), endDateTime: z.iso.datetime({ offset: true }) });

/** `Prefer: outlook.timezone="UTC", odata.maxpagesize=50` (one header or several). */
function parsePrefer(req: Request): { timeZone?: string; maxPageSize?: number } {
  const values = (req.headers.prefer ? [req.headers.prefer].flat() : []).flatMap((header) => header.split(','));
  const result: { timeZone?: string; maxPageSize?: number } = {};
  for (const raw of values) {
    const [key, value = ''] = raw.trim().split('=');
    if (key?.toLowerCase() === 'outlook.timezone') result.timeZone = value.replace(/^"|"$/g, '');
    if (key?.toLowerCase() === 'odata.maxpagesize' && Number(value) > 0) result.maxPageSize = Number(value);
  }
  return result;
}

const overlaps = (event: SandboxEvent, start: Date, end: Date) => event.start < end && event.end > start;

/**
 * The fake Microsoft Graph v1.0 (mounted at /microsoft/graph/v1.0): `/me`, `/me/calendars`,
 * `calendarView` and `calendarView/delta` with `@odata.nextLink` / `@odata.deltaLink` rounds,
 * `@removed` items, expanded recurring occurrences and 410 `syncStateNotFound` for expired tokens.
 */
export function graphRouter(state: MicrosoftSandboxState, baseUrl: () => string): Router {
  const router = Router();
  const graphRoot = (req: Request) => `${baseUrl() || `${req.protocol}://${req.get('host')}`}/microsoft/graph/v1.0`;

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    const endpoint = req.path.endsWith('/delta')
      ? 'delta'
      : req.path.includes('/calendarView')
        ? 'calendarView'
        : /\/events\/[^/]+$/.test(req.path)
          ? 'event'
          : req.path.startsWith('/me/calendars')
            ? 'calendars'
            : req.path.replace(/^\//, '');
    state.count(`graph:${endpoint}`);
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    const token = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
    if (!token || !state.accessTokenValid(token)) {
      sendGraphError(
        res,
        401,
        'InvalidAuthenticationToken',
        token ? 'Access token has expired or is not yet valid.' : 'Access token is empty.',
        {
          'WWW-Authenticate':
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="invalid_token"',
        },
      );
      return;
    }
    const fault = state.takeFault(endpoint === 'delta' || endpoint === 'calendarView' ? 'events' : 'graph');
    if (fault) {
      const [code, message] = FAULT_CODES[fault.status] ?? ['UnknownError', 'Injected failure.'];
      sendGraphError(
        res,
        fault.status,
        fault.code ?? code,
        message,
        fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
      );
      return;
    }
    next();
  });

  router.get('/me', (req, res) => {
    res.json({ '@odata.context': `${graphRoot(req)}/$metadata#users/$entity`, ...state.user });
  });

  router.get('/me/calendars', (req, res) => {
    const top = Math.min(Number(req.query.$top) || 10, 100);
    const skip = Number(req.query.$skip) || 0;
    const page = state.calendars
      .slice(skip, skip + top)
      .map((c) => ({ ...c, color: 'auto', canEdit: true, owner: { name: state.user.displayName, address: state.user.mail } }));
    const more = skip + top < state.calendars.length;
    res.json({
      '@odata.context': `${graphRoot(req)}/$metadata#users('${state.user.id}')/calendars`,
      value: page,
      ...(more ? { '@odata.nextLink': `${graphRoot(req)}/me/calendars?$top=${top}&$skip=${skip + top}` } : {}),
    });
  });

  const calendarOr404 = (req: Request, res: Response) => {
    const id = req.params.calendarId ?? state.defaultCalendar.id;
    const calendar = state.calendars.find((c) => c.id === id);
    if (!calendar) sendGraphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    return calendar;
  };

  const countPrefer = (req: Request) => {
    const prefer = parsePrefer(req);
    if (prefer.timeZone?.toUpperCase() !== 'UTC') state.count('events:withoutUtcPrefer');
    return Math.min(prefer.maxPageSize ?? DEFAULT_PAGE_SIZE, GRAPH_CALENDAR_VIEW_MAX_PAGE_SIZE, state.maxPageSize);
  };

  // Plain calendarView (no delta): one window, paged with $top/$skip.
  router.get(['/me/calendarView', '/me/calendars/:calendarId/calendarView'], (req, res) => {
    const calendar = calendarOr404(req, res);
    if (!calendar) return;
    const window = windowQuery.safeParse(req.query);
    if (!window.success)
      return sendGraphError(
        res,
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    const pageSize = Math.min(Number(req.query.$top) || countPrefer(req), GRAPH_CALENDAR_VIEW_MAX_PAGE_SIZE, state.maxPageSize);
    const skip = Number(req.query.$skip) || 0;
    const items = liveInWindow(state, calendar.id, new Date(window.data.startDateTime), new Date(window.data.endDateTime));
    const more = skip + pageSize < items.length;
    const next = new URL(`${graphRoot(req)}${req.path}`);
    next.search = new URLSearchParams({ ...window.data, $top: String(pageSize), $skip: String(skip + pageSize) }).toString();
    res.json({
      value: items.slice(skip, skip + pageSize).map((e) => graphEventJson(e, state)),
      ...(more ? { '@odata.nextLink': next.toString() } : {}),
    });
  });

  router.get(['/me/calendarView/delta', '/me/calendars/:calendarId/calendarView/delta'], (req, res) => {
    const calendar = calendarOr404(req, res);
    if (!calendar) return;
    const pageSize = countPrefer(req);
    const skipToken = typeof req.query.$skiptoken === 'string' ? req.query.$skiptoken : undefined;
    const deltaToken = typeof req.query.$deltatoken === 'string' ? req.query.$deltatoken : undefined;
    const gone = () => sendGraphError(res, 410, 'syncStateNotFound', 'The sync state generation is not found. Please resync.');

    let page: DeltaPageState | undefined;
    if (skipToken !== undefined) {
      page = state.deltaPages.get(skipToken);
      if (!page || page.calendarId !== calendar.id) return gone();
    } else if (deltaToken !== undefined) {
      const round = state.deltaRounds.get(deltaToken);
      if (!round || round.calendarId !== calendar.id) return gone();
      state.count('delta:incremental');
      const items = [...state.events.values()]
        .filter((e) => e.calendarId === calendar.id && e.type !== 'seriesMaster' && e.changeSeq > round.sinceSeq)
        .sort((a, b) => a.changeSeq - b.changeSeq)
        .map((e) =>
          e.deleted || !overlaps(e, round.windowStart, round.windowEnd)
            ? removedEventJson(e.id)
            : deltaItemJson(e, state.changedSince(e, round.sinceSeq), state),
        );
      page = { ...round, items, offset: 0, roundSeq: state.currentSeq };
    } else {
      const window = windowQuery.safeParse(req.query);
      if (!window.success)
        return sendGraphError(
          res,
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      state.count('delta:full');
      const windowStart = new Date(window.data.startDateTime);
      const windowEnd = new Date(window.data.endDateTime);
      const items = liveInWindow(state, calendar.id, windowStart, windowEnd).map((e) => deltaItemJson(e, 'all', state));
      page = { calendarId: calendar.id, windowStart, windowEnd, items, offset: 0, roundSeq: state.currentSeq };
    }

    const value = page.items.slice(page.offset, page.offset + pageSize);
    const link = `${graphRoot(req)}/me/calendars/${encodeURIComponent(calendar.id)}/calendarView/delta`;
    const body: Record<string, unknown> = { '@odata.context': `${graphRoot(req)}/$metadata#Collection(event)` };
    if (page.offset + pageSize < page.items.length) {
      const token = state.newToken();
      state.deltaPages.set(token, { ...page, offset: page.offset + pageSize });
      body['@odata.nextLink'] = `${link}?$skiptoken=${token}`;
    } else {
      const token = state.newToken();
      state.deltaRounds.set(token, {
        calendarId: page.calendarId,
        windowStart: page.windowStart,
        windowEnd: page.windowEnd,
        sinceSeq: page.roundSeq,
      });
      body['@odata.deltaLink'] = `${link}?$deltatoken=${token}`;
    }
    body.value = value;
    res.json(body);
  });

  // GET /me/events/{id} (or through its calendar): any live item in full, series masters included.
  router.get(['/me/events/:eventId', '/me/calendars/:calendarId/events/:eventId'], (req, res) => {
    const event = state.events.get(String(req.params.eventId));
    if (!event || event.deleted || (req.params.calendarId && event.calendarId !== req.params.calendarId)) {
      return sendGraphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    }
    res.json({ '@odata.context': `${graphRoot(req)}/$metadata#users('${state.user.id}')/events/$entity`, ...graphEventJson(event, state) });
  });

  router.use((_req, res) => sendGraphError(res, 400, 'BadRequest', 'Resource not found for the segment.'));
  return router;
}

function liveInWindow(state: MicrosoftSandboxState, calendarId: string, start: Date, end: Date): SandboxEvent[] {
  return [...state.events.values()]
    .filter((e) => e.calendarId === calendarId && !e.deleted && e.type !== 'seriesMaster' && overlaps(e, start, end))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.id.localeCompare(b.id));
}
