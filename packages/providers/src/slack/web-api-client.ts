import { WebClient } from '@slack/web-api';
import { ProviderError } from '../shared/provider-error.ts';
import type { ProviderSettings } from '../config.ts';
import { toSlackProviderError } from './errors.ts';
import {
  authTestSchema,
  oauthAccessSchema,
  postMessageSchema,
  toMember,
  userEnvelopeSchema,
  usersListSchema,
  viewResponseSchema,
} from './schemas.ts';
import type { SlackApi, SlackOAuth, SlackResponder } from './types.ts';
import type { z } from 'zod';

type SlackSettings = ProviderSettings['slack'];

/**
 * The WebClient never waits out a 429 itself (`rejectRateLimitedCalls`): a rate limit surfaces as a
 * ProviderError so the caller (a BullMQ job) can re-queue instead of holding a worker slot.
 */
function createWebClient(settings: SlackSettings, token?: string, timeoutMs = 10_000, retries = 1): WebClient {
  return new WebClient(token, {
    slackApiUrl: settings.endpoints.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries, factor: 1, minTimeout: 200, maxTimeout: 500 },
    timeout: timeoutMs,
  });
}

/** views.open must land within the trigger's 3 s, answered inside a webhook: short timeout, no retry. */
const VIEWS_TIMEOUT_MS = 2_000;

async function call<S extends z.ZodType>(method: string, schema: S, run: () => Promise<unknown>): Promise<z.output<S>> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    throw toSlackProviderError(error, method);
  }
  const parsed = schema.safeParse(result);
  if (!parsed.success) throw new ProviderError('slack', 'permanent', `${method}: unexpected response shape`, { cause: parsed.error });
  return parsed.data;
}

export function createSlackApi(settings: SlackSettings, botToken: string): SlackApi {
  const client = createWebClient(settings, botToken);
  const views = createWebClient(settings, botToken, VIEWS_TIMEOUT_MS, 0);
  return {
    async authTest() {
      const r = await call('auth.test', authTestSchema, () => client.auth.test());
      return { teamId: r.team_id, team: r.team, userId: r.user_id, botId: r.bot_id };
    },
    async postMessage(channel, message) {
      const r = await call('chat.postMessage', postMessageSchema, () =>
        client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks as never,
          attachments: message.attachments as never,
          unfurl_links: false,
        }),
      );
      return { channel: r.channel, ts: r.ts };
    },
    async usersListPage(cursor, limit = 200) {
      const r = await call('users.list', usersListSchema, () => client.users.list({ cursor, limit }));
      const next = r.response_metadata?.next_cursor;
      return { members: r.members.map(toMember), nextCursor: next ? next : undefined };
    },
    async lookupByEmail(email) {
      const r = await call('users.lookupByEmail', userEnvelopeSchema, () => client.users.lookupByEmail({ email }));
      return toMember(r.user);
    },
    async usersInfo(userId) {
      const r = await call('users.info', userEnvelopeSchema, () => client.users.info({ user: userId }));
      return toMember(r.user);
    },
    async viewsOpen(triggerId, view) {
      const r = await call('views.open', viewResponseSchema, () => views.views.open({ trigger_id: triggerId, view: view as never }));
      return { id: r.view.id, hash: r.view.hash };
    },
    async viewsUpdate(viewId, view, hash) {
      const r = await call('views.update', viewResponseSchema, () =>
        views.views.update({ view_id: viewId, view: view as never, ...(hash ? { hash } : {}) }),
      );
      return { id: r.view.id, hash: r.view.hash };
    },
    async chatUpdate(channel, ts, message) {
      const r = await call('chat.update', postMessageSchema, () =>
        client.chat.update({ channel, ts, text: message.text, blocks: message.blocks as never, attachments: message.attachments as never }),
      );
      return { channel: r.channel, ts: r.ts };
    },
  };
}

export function createSlackOAuth(settings: SlackSettings): SlackOAuth {
  const client = createWebClient(settings);
  return {
    authorizeUrl({ state, scopes }) {
      const url = new URL(settings.endpoints.authorizeUrl);
      url.searchParams.set('client_id', settings.clientId);
      url.searchParams.set('scope', scopes.join(','));
      url.searchParams.set('redirect_uri', settings.redirectUri);
      url.searchParams.set('state', state);
      return url.toString();
    },
    async exchangeCode(code) {
      const r = await call('oauth.v2.access', oauthAccessSchema, () =>
        client.oauth.v2.access({
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          code,
          redirect_uri: settings.redirectUri,
        }),
      );
      return {
        accessToken: r.access_token,
        scopes: r.scope.split(',').filter(Boolean),
        botUserId: r.bot_user_id,
        appId: r.app_id,
        team: r.team,
      };
    },
  };
}

/**
 * True when `url` is one of Slack's response_url hooks (or the sandbox's, in sandbox mode): same
 * origin as an allowed prefix (scheme, host and port), no user info, path under the prefix's path.
 * Anything else would let a request make us POST wherever it likes.
 */
export function isAllowedResponseUrl(settings: Pick<SlackSettings, 'endpoints'>, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  return settings.endpoints.responseUrlPrefixes.some((prefix) => {
    const allowed = new URL(prefix);
    return parsed.origin === allowed.origin && parsed.pathname.startsWith(allowed.pathname);
  });
}

/**
 * response_url posts are plain JSON webhooks; a 429 there is a rate limit like any other. The URL
 * is checked against the allow-list again right before the request (it came from a queued job).
 */
export function createSlackResponder(settings: Pick<SlackSettings, 'endpoints'>, timeoutMs = 5_000): SlackResponder {
  return async (responseUrl, body) => {
    if (!isAllowedResponseUrl(settings, responseUrl))
      throw new ProviderError('slack', 'permanent', 'response_url: not a Slack response URL; refused');
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        redirect: 'error',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ProviderError('slack', 'transient', 'response_url: request failed', { cause: error });
    }
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      throw new ProviderError('slack', 'rate_limited', 'response_url: rate limited', {
        status: 429,
        retryAfterMs: (Number.isFinite(seconds) ? seconds : 1) * 1000,
      });
    }
    if (response.status === 404 || response.status === 410)
      throw new ProviderError('slack', 'not_found', `response_url: HTTP ${response.status} (expired)`, { status: response.status });
    if (!response.ok)
      throw new ProviderError('slack', response.status >= 500 ? 'transient' : 'permanent', `response_url: HTTP ${response.status}`, {
        status: response.status,
      });
  };
}
