import { Router } from 'express';
import { z } from 'zod';
import type { SlackSandboxState } from './state.ts';

const memberInput = z.object({
  id: z.string().regex(/^[UW][A-Z0-9]+$/),
  name: z.string(),
  real_name: z.string().optional(),
  email: z.string().optional(),
  is_bot: z.boolean().default(false),
  deleted: z.boolean().default(false),
  tz: z.string().default('UTC'),
});

const faultInput = z.object({
  method: z.string(),
  count: z.number().int().min(1).default(1),
  retry_after: z.number().int().min(0).optional(),
  error: z.string().optional(),
});

/** Test and quick-start controls under /slack/_control (not part of Slack's API). */
export function slackControlRouter(state: SlackSandboxState): Router {
  const router = Router();
  router.post('/_control/members', (req, res) => {
    const members = z.array(memberInput).parse(req.body?.members ?? []);
    for (const m of members) {
      state.members.set(m.id, {
        id: m.id,
        team_id: state.team.id,
        name: m.name,
        real_name: m.real_name ?? m.name,
        deleted: m.deleted,
        is_bot: m.is_bot,
        tz: m.tz,
        profile: { ...(m.email ? { email: m.email } : {}), real_name: m.real_name ?? m.name, display_name: m.name },
      });
    }
    res.json({ ok: true, count: state.members.size });
  });
  router.get('/_control/messages', (_req, res) => {
    res.json({ messages: state.messages });
  });
  router.get('/_control/views', (_req, res) => {
    res.json({ views: [...state.views.values()] });
  });
  router.get('/_control/responses', (_req, res) => {
    res.json({ responses: state.responses });
  });
  router.post('/_control/faults', (req, res) => {
    const f = faultInput.parse(req.body ?? {});
    state.faults.push({
      method: f.method,
      remaining: f.count,
      ...(f.retry_after !== undefined ? { retryAfterSeconds: f.retry_after } : {}),
      ...(f.error ? { error: f.error } : {}),
    });
    res.json({ ok: true });
  });
  /** Revokes one token, or every issued token when none is given (as uninstalling the app does). */
  router.post('/_control/revoke', (req, res) => {
    const token = z.object({ token: z.string().optional() }).parse(req.body ?? {}).token;
    for (const [value, entry] of state.tokens) if (!token || value === token) entry.revoked = true;
    res.json({ ok: true });
  });
  router.post('/_control/reset', (req, res) => {
    state.reset({ seed: z.object({ seed: z.boolean().default(false) }).parse(req.body ?? {}).seed });
    res.json({ ok: true });
  });
  return router;
}
