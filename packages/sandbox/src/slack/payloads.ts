import { randomBytes } from 'node:crypto';
import type { SandboxView } from './views.ts';

/**
 * Interaction payloads in Slack's published shapes (docs.slack.dev/reference/interaction-payloads:
 * block_actions, view_submission, shortcut and message_action), for tests and `pnpm slack:time`.
 * Slack posts each as `payload=<json>` (see interactionBody), signed like every request.
 */

let triggerCounter = 0;

/** A trigger_id in Slack's "12345.98765.abcd2358fdea" form; the sandbox reads the first part as when it was issued (ms). */
export function newTriggerId(now = Date.now()): string {
  triggerCounter += 1;
  return `${now}.${triggerCounter}.${randomBytes(10).toString('hex')}`;
}

type Who = { teamId: string; userId: string; userName?: string };

const team = (w: Who) => ({ id: w.teamId, domain: 'sandbox' });
const user = (w: Who) => ({ id: w.userId, username: w.userName ?? 'someone', name: w.userName ?? 'someone', team_id: w.teamId });

/** A button click on a message the app posted (ephemeral when it answered a slash command). */
export function blockActionsPayload(
  input: Who & { actionId: string; value?: string; responseUrl: string; triggerId?: string; channelId?: string; messageTs?: string },
) {
  const actionTs = `${Math.floor(Date.now() / 1000)}.${String(Date.now() % 1000).padStart(6, '0')}`;
  return {
    type: 'block_actions',
    user: user(input),
    api_app_id: 'A0SANDBOX1',
    token: 'sandbox-verification-token',
    container: {
      type: 'message',
      message_ts: input.messageTs ?? actionTs,
      channel_id: input.channelId ?? 'C0SANDBOX1',
      is_ephemeral: true,
    },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: team(input),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId ?? 'C0SANDBOX1', name: 'general' },
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: 'actions',
        text: { type: 'plain_text', text: input.actionId, emoji: true },
        ...(input.value !== undefined ? { value: input.value } : {}),
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
}

/** One input's state the way Slack reports it in view.state.values[block_id][action_id]. */
export const stateValue = {
  text: (value: string | null) => ({ type: 'plain_text_input', value }),
  select: (value: string | null, text = value ?? '') => ({
    type: 'static_select',
    selected_option: value === null ? null : { text: { type: 'plain_text', text, emoji: true }, value },
  }),
  date: (value: string | null) => ({ type: 'datepicker', selected_date: value }),
  checkboxes: (values: string[]) => ({
    type: 'checkboxes',
    selected_options: values.map((v) => ({ text: { type: 'plain_text', text: v, emoji: true }, value: v })),
  }),
};

/** Submitting an open modal: the view as opened, with the user's input in state.values. */
export function viewSubmissionPayload(
  input: Who & { view: SandboxView; values: Record<string, Record<string, unknown>>; triggerId?: string },
) {
  return {
    type: 'view_submission',
    team: team(input),
    user: user(input),
    api_app_id: 'A0SANDBOX1',
    token: 'sandbox-verification-token',
    trigger_id: input.triggerId ?? newTriggerId(),
    view: { ...input.view, state: { values: input.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A global shortcut (from search or the composer): no channel, no response_url. */
export function globalShortcutPayload(input: Who & { callbackId: string; triggerId?: string }) {
  return {
    type: 'shortcut',
    token: 'sandbox-verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.000001`,
    team: team(input),
    user: { id: input.userId, username: input.userName ?? 'someone', team_id: input.teamId },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? newTriggerId(),
  };
}

/** A message shortcut, from a message's menu (in a channel or a thread), with the message itself. */
export function messageShortcutPayload(
  input: Who & {
    callbackId: string;
    message: { text: string; user?: string; ts?: string; threadTs?: string };
    responseUrl: string;
    channelId?: string;
    triggerId?: string;
  },
) {
  const ts = input.message.ts ?? `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'message_action',
    token: 'sandbox-verification-token',
    action_ts: `${Math.floor(Date.now() / 1000)}.000002`,
    team: team(input),
    user: user(input),
    channel: { id: input.channelId ?? 'C0SANDBOX1', name: 'general' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId ?? newTriggerId(),
    message_ts: ts,
    message: {
      type: 'message',
      user: input.message.user ?? 'U0SANDBOX02',
      ts,
      text: input.message.text,
      ...(input.message.threadTs ? { thread_ts: input.message.threadTs } : {}),
    },
    response_url: input.responseUrl,
  };
}
