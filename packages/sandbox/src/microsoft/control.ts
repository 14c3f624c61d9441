import express, { Router, type Response } from 'express';
import { z } from 'zod';
import { graphEventJson } from './formats.ts';
import { seedMicrosoftDemoData } from './seed.ts';
import type { MicrosoftSandboxState } from './state.ts';

const response = z.enum(['none', 'organizer', 'tentativelyAccepted', 'accepted', 'declined', 'notResponded']);
const attendee = z.object({
  address: z.string().min(3),
  name: z.string().optional(),
  type: z.enum(['required', 'optional', 'resource']).optional(),
  response: response.optional(),
});
const eventInput = z.object({
  id: z.string().min(1).optional(),
  calendarId: z.string().min(1).optional(),
  subject: z.string(),
  bodyPreview: z.string().optional(),
  start: z.coerce.date(),
  end: z.coerce.date(),
  isAllDay: z.boolean().optional(),
  isCancelled: z.boolean().optional(),
  originalStartTimeZone: z.string().optional(),
  iCalUId: z.string().min(1).optional(),
  organizer: z.object({ address: z.string().min(3), name: z.string().optional() }).optional(),
  attendees: z.array(attendee).optional(),
  response: response.optional(),
  showAs: z.enum(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown']).optional(),
  isOnlineMeeting: z.boolean().optional(),
});
const seriesInput = eventInput.extend({ count: z.number().int().min(1).max(500), intervalDays: z.number().int().min(1).optional() });
const eventPatch = eventInput
  .pick({
    subject: true,
    bodyPreview: true,
    start: true,
    end: true,
    isCancelled: true,
    isAllDay: true,
    showAs: true,
    response: true,
    attendees: true,
  })
  .partial();
const faultInput = z.object({
  target: z.enum(['token', 'graph', 'events']).default('events'),
  status: z.number().int().min(400).max(599),
  retryAfterSeconds: z.number().min(0).optional(),
  code: z.string().optional(),
  count: z.number().int().min(1).default(1),
});
const settingsInput = z.object({
  denyConsent: z.boolean().optional(),
  maxPageSize: z.number().int().min(1).max(1000).optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  accessTokenLifetimeSeconds: z.number().int().min(1).optional(),
  timedEventsInOwnZone: z.boolean().optional(),
});

/** Runs a state mutation, answering 400 with the zod/state error instead of a 500. */
function attempt(res: Response, action: () => unknown): void {
  try {
    const result = action();
    res.status(result === undefined ? 204 : 200);
    if (result === undefined) res.end();
    else res.json(result);
  } catch (error) {
    res.status(400).json({ error: error instanceof z.ZodError ? error.issues : (error as Error).message });
  }
}

/** Test hooks under /microsoft/_control: shape the mailbox, break tokens, inject faults, read counters. */
export function controlRouter(state: MicrosoftSandboxState): Router {
  const router = Router();
  router.use('/_control', express.json());

  router.post('/_control/reset', (req, res) =>
    attempt(res, () => {
      state.reset();
      if (z.object({ seed: z.boolean().default(false) }).parse(req.body ?? {}).seed) seedMicrosoftDemoData(state);
    }),
  );
  router.get('/_control/counters', (_req, res) => attempt(res, () => ({ ...state.counters })));
  router.get('/_control/calendars', (_req, res) => attempt(res, () => state.calendars));
  router.post('/_control/settings', (req, res) => attempt(res, () => void Object.assign(state, settingsInput.parse(req.body))));

  router.post('/_control/events', (req, res) => attempt(res, () => graphEventJson(state.addEvent(eventInput.parse(req.body)))));
  router.post('/_control/series', (req, res) =>
    attempt(res, () => {
      const { master, occurrences } = state.addSeries(seriesInput.parse(req.body));
      return { seriesMasterId: master.id, occurrences: occurrences.map((o) => graphEventJson(o)) };
    }),
  );
  router.patch('/_control/events/:id', (req, res) =>
    attempt(res, () => graphEventJson(state.updateEvent(req.params.id, eventPatch.parse(req.body)))),
  );
  router.delete('/_control/events/:id', (req, res) => attempt(res, () => state.deleteEvent(req.params.id)));

  router.post('/_control/expire-access-tokens', (_req, res) => attempt(res, () => state.expireAccessTokens()));
  router.post('/_control/revoke-consent', (req, res) =>
    attempt(res, () => state.revokeConsent(z.object({ aadsts: z.number().int().optional() }).parse(req.body ?? {}).aadsts)),
  );
  router.post('/_control/expire-delta-tokens', (_req, res) => attempt(res, () => state.expireDeltaTokens()));
  router.post('/_control/faults', (req, res) => attempt(res, () => state.injectFault(faultInput.parse(req.body))));
  return router;
}
