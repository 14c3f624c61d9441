import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { apiErrors, sendApiError } from './errors.ts';
import { renderEvent, timeMs } from './events.ts';
import { authenticate } from './oauth.ts';
import { newToken, type GoogleSandboxState, type StoredEvent } from './store.ts';

const READ_SCOPES = [
  'https://www.googleapis.com/auth/calendar.readonly',
  'https://www.googleapis.com/auth/calendar',
  'https://www.googleapis.com/auth/calendar.events.readonly',
];
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');

const listQuery = z.object({
  maxResults: z.coerce.number().int().min(1).max(2500).default(250),
  pageToken: z.string().optional(),
  syncToken: z.string().optional(),
  timeMin: z.iso.datetime({ offset: true }).optional(),
  timeMax: z.iso.datetime({ offset: true }).optional(),
  singleEvents: bool.default(false),
  showDeleted: bool.default(false),
  updatedMin: z.string().optional(),
  orderBy: z.string().optional(),
});

/** Serves `pages` of a result computed once on the first page, like Google's snapshot paging. */
function sendPage(
  state: GoogleSandboxState,
  res: Response,
  pageToken: string | undefined,
  first?: { items: unknown[]; pageSize: number; nextSyncToken: string | null; extra: Record<string, unknown> },
) {
  const pending = first ?? (pageToken ? state.pages.get(pageToken) : undefined);
  if (!pending) return apiErrors.badRequest(res, 'Invalid page token value.');
  if (pageToken) state.pages.delete(pageToken);
  const items = pending.items.slice(0, pending.pageSize);
  const rest = pending.items.slice(pending.pageSize);
  const body: Record<string, unknown> = { ...pending.extra, items };
  if (rest.length > 0) {
    const next = newToken('page-');
    state.pages.set(next, { ...pending, items: rest });
    body.nextPageToken = next;
  } else if (pending.nextSyncToken) body.nextSyncToken = pending.nextSyncToken;
  res.json(body);
}

/** Calendar API v3: calendarList.list and events.list (paging, sync tokens, deleted stubs, instances). */
export function calendarRoutes(state: GoogleSandboxState): Router {
  const router = Router();

  router.use('/calendar/v3', (req, res, next) => {
    const token = authenticate(state, req);
    if (!token) return apiErrors.unauthenticated(res);
    if (!token.scopes.some((s) => READ_SCOPES.includes(s))) return apiErrors.insufficientScopes(res);
    res.locals.userSub = token.userSub;
    next();
  });

  router.get('/calendar/v3/users/me/calendarList', (req: Request, res: Response) => {
    const query = z
      .object({ maxResults: z.coerce.number().int().min(1).max(250).default(100), pageToken: z.string().optional() })
      .parse(req.query);
    if (query.pageToken) return sendPage(state, res, query.pageToken);
    const items = [...state.calendars.values()].map((c) => ({
      kind: 'calendar#calendarListEntry',
      etag: `"${c.id.length}"`,
      id: c.id,
      summary: c.summary,
      timeZone: c.timeZone,
      colorId: '14',
      backgroundColor: '#9fe1e7',
      foregroundColor: '#000000',
      selected: true,
      accessRole: 'owner',
      defaultReminders: [],
      ...(c.primary ? { primary: true } : {}),
    }));
    sendPage(state, res, undefined, {
      items,
      pageSize: Math.min(query.maxResults, state.settings.maxPageSize),
      nextSyncToken: newToken('cl-sync-'),
      extra: { kind: 'calendar#calendarList', etag: `"${state.seq}"` },
    });
  });

  router.get('/calendar/v3/calendars/:calendarId/events', (req: Request, res: Response) => {
    const calendar = state.calendars.get(String(req.params.calendarId));
    if (!calendar) return apiErrors.notFound(res);
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) return apiErrors.badRequest(res, `Invalid value: ${parsed.error.issues[0]?.path.join('.')}`);
    const q = parsed.data;
    if (q.pageToken) return sendPage(state, res, q.pageToken);
    // Google refuses a sync token combined with restrictions (time bounds, ordering, hiding deleted items).
    if (q.syncToken && (q.timeMin || q.timeMax || q.updatedMin || q.orderBy || req.query.showDeleted === 'false')) {
      return sendApiError(res, 400, 'syncTokenWithRequestRestrictions', 'Sync token cannot be used with other request restrictions.', {
        status: 'INVALID_ARGUMENT',
      });
    }

    let events: StoredEvent[] = [...calendar.events.values()].filter((e) => (q.singleEvents ? !e.recurrence : !e.recurringEventId));
    if (q.syncToken) {
      const token = state.syncTokens.get(q.syncToken);
      if (!token || !token.valid || token.calendarId !== calendar.id) return apiErrors.syncTokenGone(res);
      // Incremental: everything changed since the token, deleted items included whatever showDeleted says.
      events = events.filter((e) => e.seq > token.seq);
    } else {
      if (!q.showDeleted) events = events.filter((e) => e.status !== 'cancelled');
      const min = q.timeMin ? Date.parse(q.timeMin) : -Infinity;
      const max = q.timeMax ? Date.parse(q.timeMax) : Infinity;
      events = events.filter((e) => timeMs(e.end) > min && timeMs(e.start) < max);
    }
    events.sort((a, b) => timeMs(a.start) - timeMs(b.start) || a.id.localeCompare(b.id));

    const syncToken = newToken('sync-');
    state.syncTokens.set(syncToken, { calendarId: calendar.id, seq: state.seq, valid: true });
    const organizer = state.users.get(String(res.locals.userSub))?.email ?? calendar.id;
    sendPage(state, res, undefined, {
      items: events.map((e) => renderEvent(e, calendar, organizer)),
      pageSize: Math.min(q.maxResults, state.settings.maxPageSize),
      nextSyncToken: syncToken,
      extra: {
        kind: 'calendar#events',
        etag: `"p${state.seq}"`,
        summary: calendar.summary,
        description: '',
        updated: new Date().toISOString(),
        timeZone: calendar.timeZone,
        accessRole: 'owner',
        defaultReminders: [{ method: 'popup', minutes: 10 }],
      },
    });
  });

  return router;
}
