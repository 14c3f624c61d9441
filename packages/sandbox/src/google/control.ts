import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { addEvent, cancelEvent, updateEvent } from './events.ts';
import { seedDemoData } from './seed.ts';
import type { GoogleSandboxState } from './store.ts';

/** `dateTime` with an offset, or a local time read in `timeZone` (or the calendar's zone). */
const eventTime = z
  .object({
    dateTime: z.iso.datetime({ offset: true, local: true }).optional(),
    date: z.iso.date().optional(),
    timeZone: z.string().optional(),
  })
  .refine((t) => Boolean(t.dateTime) !== Boolean(t.date), 'exactly one of dateTime or date');
const attendee = z.object({
  email: z.string().min(3),
  displayName: z.string().optional(),
  responseStatus: z.enum(['needsAction', 'declined', 'tentative', 'accepted']).optional(),
  organizer: z.boolean().optional(),
  resource: z.boolean().optional(),
  optional: z.boolean().optional(),
});
const meetingFields = {
  organizer: z.object({ email: z.string().min(3), displayName: z.string().optional() }).optional(),
  attendees: z.array(attendee).optional(),
  transparency: z.enum(['opaque', 'transparent']).optional(),
  eventType: z.enum(['default', 'outOfOffice', 'focusTime', 'workingLocation', 'birthday', 'fromGmail']).optional(),
  meet: z.boolean().optional(),
  iCalUID: z.string().min(1).optional(),
};
const newEventBody = z.object({
  ...meetingFields,
  id: z
    .string()
    .regex(/^[a-v0-9]{5,1024}$/, 'Google event ids use base32hex characters (a-v, 0-9), 5 to 1024 long')
    .optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  status: z.enum(['confirmed', 'tentative']).optional(),
  start: eventTime,
  end: eventTime,
  recurrence: z.object({ count: z.number().int().min(1).max(366), intervalDays: z.number().int().min(1).optional() }).optional(),
});
const patchEventBody = z.object({
  summary: z.string().optional(),
  description: z.string().optional(),
  status: z.enum(['confirmed', 'tentative']).optional(),
  start: eventTime.optional(),
  end: eventTime.optional(),
  attendees: meetingFields.attendees,
  transparency: meetingFields.transparency,
});
const calendarBody = z.object({
  id: z.string().min(1),
  summary: z.string().optional(),
  timeZone: z.string().optional(),
  primary: z.boolean().optional(),
});
const settingsBody = z.object({
  accessTokenTtlSeconds: z.number().int().min(0).optional(),
  maxPageSize: z.number().int().min(1).max(2500).optional(),
  denyAuthorization: z.boolean().optional(),
  grantedScopes: z.array(z.string()).nullable().optional(),
  rotateRefreshTokens: z.boolean().optional(),
  issueRefreshTokens: z.boolean().optional(),
});
const faultBody = z.object({
  /**
   * `token`, `revoke`, `userinfo`, `authorize`, `calendarList`, `events.list`, `*`, or a path prefix
   * under /google (`/calendar/v3/calendars/<id>/events`).
   */
  endpoint: z.string().min(1),
  /** 429 (with Retry-After), 500/503 (backendError), 403 (rateLimitExceeded); omit for a delay only. */
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(403)]).optional(),
  retryAfter: z.string().optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  count: z.number().int().min(1).default(1),
});

/** JSON control API for tests and demos (`/google/_control/...`). Never part of Google's surface. */
export function controlRoutes(state: GoogleSandboxState): Router {
  const router = Router();
  const calendarOf = (req: Request, res: Response) => {
    const calendar = state.calendars.get(String(req.params.calendarId));
    if (!calendar) res.status(404).json({ error: 'calendar not found' });
    return calendar;
  };

  router.get('/counters', (_req, res) => {
    res.json(state.counters);
  });
  router.post('/counters/reset', (_req, res) => {
    state.counters = { requests: {}, tokenRefreshes: 0, codeExchanges: 0 };
    res.json(state.counters);
  });
  router.post('/reset', (req, res) => {
    state.reset();
    if (z.object({ seed: z.boolean().default(false) }).parse(req.body ?? {}).seed) seedDemoData(state);
    res.json({ status: 'ok' });
  });
  router.put('/settings', (req, res) => {
    const body = settingsBody.parse(req.body ?? {});
    state.settings = { ...state.settings, ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) };
    res.json(state.settings);
  });
  router.post('/calendars', (req, res) => {
    const calendar = state.addCalendar(calendarBody.parse(req.body));
    res.status(201).json({ id: calendar.id, summary: calendar.summary, timeZone: calendar.timeZone, primary: calendar.primary });
  });
  router.get('/calendars/:calendarId/events', (req, res) => {
    const calendar = calendarOf(req, res);
    if (calendar) res.json({ items: [...calendar.events.values()] });
  });
  router.post('/calendars/:calendarId/events', (req, res) => {
    const calendar = calendarOf(req, res);
    if (!calendar) return;
    const created = addEvent(state, calendar, newEventBody.parse(req.body));
    res.status(201).json({ event: created[0], instances: created.slice(1) });
  });
  router.patch('/calendars/:calendarId/events/:eventId', (req, res) => {
    const calendar = calendarOf(req, res);
    const event = calendar?.events.get(String(req.params.eventId));
    if (!calendar) return;
    if (!event) return void res.status(404).json({ error: 'event not found' });
    res.json(updateEvent(state, event, patchEventBody.parse(req.body)));
  });
  router.delete('/calendars/:calendarId/events/:eventId', (req, res) => {
    const calendar = calendarOf(req, res);
    const event = calendar?.events.get(String(req.params.eventId));
    if (!calendar) return;
    if (!event) return void res.status(404).json({ error: 'event not found' });
    cancelEvent(state, calendar, event);
    res.status(204).end();
  });
  router.post('/tokens/expire', (_req, res) => {
    for (const token of state.accessTokens.values()) token.expiresAt = 0;
    res.json({ expired: state.accessTokens.size });
  });
  router.post('/grants/revoke', (req, res) => {
    const { email } = z.object({ email: z.string().optional() }).parse(req.body ?? {});
    let revoked = 0;
    for (const grant of state.grants.values()) {
      if (email && state.users.get(grant.userSub)?.email !== email) continue;
      grant.revoked = true;
      revoked += 1;
    }
    res.json({ revoked });
  });
  router.post('/sync-tokens/invalidate', (_req, res) => {
    for (const token of state.syncTokens.values()) token.valid = false;
    res.json({ invalidated: state.syncTokens.size });
  });
  router.post('/faults', (req, res) => {
    const body = faultBody.parse(req.body);
    state.faults.push({
      endpoint: body.endpoint,
      remaining: body.count,
      status: body.status,
      retryAfter: body.retryAfter,
      delayMs: body.delayMs,
    });
    res.status(201).json({ faults: state.faults });
  });
  router.delete('/faults', (_req, res) => {
    state.faults = [];
    res.status(204).end();
  });
  router.use((error: unknown, _req: Request, res: Response, next: (e?: unknown) => void) => {
    if (error instanceof z.ZodError) return void res.status(400).json({ error: 'invalid control request', issues: error.issues });
    next(error);
  });
  return router;
}
