import { createHmac } from 'node:crypto';
import { newTriggerId } from './payloads.ts';

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function slackSignature(signingSecret: string, timestamp: string, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export type SignedSlackRequest = { body: string; headers: Record<string, string> };

/** Signs a raw body the way Slack does, ready to POST. */
export function signSlackRequest(signingSecret: string, body: string, contentType: 'form' | 'json', now = Date.now()): SignedSlackRequest {
  const timestamp = String(Math.floor(now / 1000));
  return {
    body,
    headers: {
      'content-type': contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
    },
  };
}

export type SlashCommandInput = {
  text: string;
  teamId: string;
  userId: string;
  userName?: string;
  responseUrl: string;
  triggerId?: string;
  channelId?: string;
  command?: string;
};

/** A slash-command body with the fields Slack sends, form-encoded in Slack's field order. */
export function slashCommandBody(input: SlashCommandInput): string {
  const fields: [string, string][] = [
    ['token', 'sandbox-verification-token'],
    ['team_id', input.teamId],
    ['team_domain', 'sandbox'],
    ['channel_id', input.channelId ?? 'C0SANDBOX1'],
    ['channel_name', 'general'],
    ['user_id', input.userId],
    ['user_name', input.userName ?? 'someone'],
    ['command', input.command ?? '/time'],
    ['text', input.text],
    ['api_app_id', 'A0SANDBOX1'],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl],
    ['trigger_id', input.triggerId ?? newTriggerId()],
  ];
  return new URLSearchParams(fields).toString();
}

/** An interactivity body: the JSON payload in a `payload` form field. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
