import { Router, type Request, type Response } from 'express';
import type { SlackSandboxState } from './state.ts';
import { registerViewMethods } from './views.ts';

const CLIENT = { id: 'sandbox-slack-client', secret: 'sandbox-slack-secret' };
const SCOPES = 'chat:write,commands,users:read,users:read.email';

/** Slack's wire format: HTTP 200 with `ok:false` for API errors. */
const fail = (res: Response, error: string) => {
  res.status(200).json({ ok: false, error });
};

/** The WebClient sends form-encoded bodies, JSON-encoding nested values (blocks, attachments). */
function field(req: Request, name: string): string | undefined {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function jsonField(req: Request, name: string): unknown {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

type Handler = (req: Request, res: Response) => void;

/** The Web API methods under /slack/api/<method>, with bearer-token auth and fault injection. */
export function slackApiRouter(state: SlackSandboxState): Router {
  const router = Router();

  const method = (name: string, handler: Handler, options: { auth?: boolean } = {}) => {
    router.all(`/api/${name}`, (req, res) => {
      const fault = state.takeFault(name);
      if (fault?.retryAfterSeconds !== undefined) {
        res.status(429).set('Retry-After', String(fault.retryAfterSeconds)).json({ ok: false, error: 'ratelimited' });
        return;
      }
      if (fault?.error) return fail(res, fault.error);
      if (options.auth !== false) {
        const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? field(req, 'token');
        if (!token) return fail(res, 'not_authed');
        const known = state.tokens.get(token);
        if (!known) return fail(res, 'invalid_auth');
        if (known.revoked) return fail(res, 'token_revoked');
        res.locals.token = token;
      }
      handler(req, res);
    });
  };

  method(
    'oauth.v2.access',
    (req, res) => {
      const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
      const clientId = field(req, 'client_id') ?? basicId;
      const clientSecret = field(req, 'client_secret') ?? basicSecret;
      if (clientId !== CLIENT.id) return fail(res, 'invalid_client_id');
      if (clientSecret !== CLIENT.secret) return fail(res, 'bad_client_secret');
      const code = field(req, 'code') ?? '';
      const issued = state.codes.get(code);
      if (!issued) return fail(res, 'invalid_code');
      state.codes.delete(code);
      const redirectUri = field(req, 'redirect_uri');
      if (redirectUri && redirectUri !== issued.redirectUri) return fail(res, 'bad_redirect_uri');
      res.json({
        ok: true,
        app_id: state.appId,
        authed_user: { id: 'U0INSTALLER', scope: '', token_type: 'user' },
        scope: SCOPES,
        token_type: 'bot',
        access_token: state.issueToken(),
        bot_user_id: state.botUserId,
        team: { id: state.team.id, name: state.team.name },
        enterprise: null,
        is_enterprise_install: false,
      });
    },
    { auth: false },
  );

  method('auth.test', (_req, res) => {
    res.json({
      ok: true,
      url: `https://${state.team.domain}.slack.com/`,
      team: state.team.name,
      user: 'billops',
      team_id: state.team.id,
      user_id: state.botUserId,
      bot_id: 'B0SANDBOX1',
      is_enterprise_install: false,
    });
  });

  method('chat.postMessage', (req, res) => {
    const channel = field(req, 'channel');
    if (!channel) return fail(res, 'channel_not_found');
    const text = field(req, 'text');
    const blocks = jsonField(req, 'blocks');
    const attachments = jsonField(req, 'attachments');
    if (!text && !blocks && !attachments) return fail(res, 'no_text');
    // Posting to a user id opens (or reuses) the bot's DM with that user.
    if (channel.startsWith('U')) {
      const member = state.members.get(channel);
      if (!member || member.deleted) return fail(res, 'user_not_found');
    }
    const ts = state.nextTs();
    const dm = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
    state.messages.push({ channel, text, blocks, attachments, ts, token: res.locals.token as string });
    res.json({ ok: true, channel: dm, ts, message: { type: 'message', user: state.botUserId, text, ts, bot_id: 'B0SANDBOX1' } });
  });

  // chat.update edits a message the app posted; ephemeral messages cannot be (they change through response_url).
  method('chat.update', (req, res) => {
    const channel = field(req, 'channel');
    const ts = field(req, 'ts');
    if (!channel) return fail(res, 'channel_not_found');
    if (!ts) return fail(res, 'message_not_found');
    const message = state.messages.find((m) => m.ts === ts && (m.channel === channel || `D${m.channel.slice(1)}` === channel));
    if (!message) return fail(res, 'message_not_found');
    const text = field(req, 'text');
    const blocks = jsonField(req, 'blocks');
    const attachments = jsonField(req, 'attachments');
    if (!text && !blocks && !attachments) return fail(res, 'no_text');
    message.text = text ?? message.text;
    if (blocks !== undefined) message.blocks = blocks;
    if (attachments !== undefined) message.attachments = attachments;
    const dm = message.channel.startsWith('U') ? `D${message.channel.slice(1)}` : message.channel;
    res.json({
      ok: true,
      channel: dm,
      ts,
      text: message.text,
      message: { type: 'message', user: state.botUserId, text: message.text, bot_id: 'B0SANDBOX1', ...(blocks ? { blocks } : {}) },
    });
  });

  registerViewMethods(state, method);

  method('users.list', (req, res) => {
    const limit = Math.min(Math.max(Number(field(req, 'limit') ?? 100) || 100, 1), 1000);
    const cursor = field(req, 'cursor');
    const all = [...state.members.values()].sort((a, b) => a.id.localeCompare(b.id));
    let start = 0;
    if (cursor) {
      const decoded = Buffer.from(cursor, 'base64').toString('utf8');
      const match = /^user:(\d+)$/.exec(decoded);
      if (!match) return fail(res, 'invalid_cursor');
      start = Number(match[1]);
    }
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? Buffer.from(`user:${start + limit}`).toString('base64') : '';
    res.json({ ok: true, members: page, cache_ts: Math.floor(Date.now() / 1000), response_metadata: { next_cursor: next } });
  });

  method('users.lookupByEmail', (req, res) => {
    const email = field(req, 'email')?.toLowerCase();
    const member = [...state.members.values()].find((m) => m.profile.email?.toLowerCase() === email && !m.deleted);
    if (!member) return fail(res, 'users_not_found');
    res.json({ ok: true, user: member });
  });

  method('users.info', (req, res) => {
    const member = state.members.get(field(req, 'user') ?? '');
    if (!member) return fail(res, 'user_not_found');
    res.json({ ok: true, user: member });
  });

  return router;
}
