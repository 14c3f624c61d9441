import express, { Router } from 'express';
import { slackApiRouter } from './api.ts';
import { slackControlRouter } from './control.ts';
import { SlackSandboxState } from './state.ts';

export { SlackSandboxState, type RecordedMessage, type RecordedResponse, type SandboxSlackMember } from './state.ts';
export * from './sign.ts';
export * from './interact.ts';

/**
 * The fake Slack mounted at /slack: the OAuth v2 consent screen (auto-approves), the Web API methods
 * the product uses (`/slack/api/<method>`), `response_url` endpoints (`/slack/_response/:id`) and a
 * `_control` API for tests.
 */
export function createSlackSandbox(_options: { baseUrl: () => string }) {
  const state = new SlackSandboxState();
  const router = Router();
  router.use(express.urlencoded({ extended: false }), express.json());

  // Consent screen: approves at once and sends the browser back with a code and the state.
  router.get('/oauth/v2/authorize', (req, res) => {
    const redirectUri = typeof req.query.redirect_uri === 'string' ? req.query.redirect_uri : '';
    if (req.query.client_id !== 'sandbox-slack-client' || !redirectUri) {
      res.status(400).send('invalid client_id or redirect_uri');
      return;
    }
    const target = new URL(redirectUri);
    target.searchParams.set('code', state.issueCode(redirectUri));
    if (typeof req.query.state === 'string') target.searchParams.set('state', req.query.state);
    res.redirect(302, target.toString());
  });

  // response_url: recorded; `replace_original` rewrites the message the click came from, as Slack does.
  router.post('/_response/:id', (req, res) => {
    state.responses.push({ id: req.params.id, body: req.body, receivedAt: new Date().toISOString() });
    const target = state.responseTargets.get(req.params.id);
    const message = target ? state.messages.find((m) => m.ts === target) : undefined;
    const body = (req.body ?? {}) as { replace_original?: unknown; text?: string; blocks?: unknown };
    if (message && (body.replace_original === true || body.replace_original === 'true')) {
      message.text = body.text;
      message.blocks = body.blocks;
      message.updates = (message.updates ?? 0) + 1;
    }
    res.status(200).send('ok');
  });

  router.use(slackApiRouter(state));
  router.use(slackControlRouter(state));
  return { router, state };
}
