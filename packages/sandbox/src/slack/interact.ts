import { randomBytes } from 'node:crypto';
import type { SlackSandboxState } from './state.ts';

type Element = {
  type: string;
  action_id?: string;
  value?: string;
  text?: unknown;
  placeholder?: unknown;
  options?: { text: unknown; value: string }[];
};
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element };

export type Click = {
  /** The `ts` of a message the bot posted. */
  ts: string;
  /** Who clicks (a member of the sandbox workspace). */
  userId: string;
  actionId: string;
  /** Which button when several share an action_id (one per meeting): its value. */
  value?: string;
  /** For a static_select: the value of the option picked. */
  optionValue?: string;
};

/**
 * What Slack posts to the app's interactivity URL when a member clicks an element of a message the
 * bot posted (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload). Built
 * from the stored message, so only elements the app really sent can be clicked; the response_url
 * it carries rewrites that message when the app answers with `replace_original`.
 */
export function messageClickPayload(state: SlackSandboxState, sandboxUrl: string, click: Click): Record<string, unknown> {
  const message = state.messages.find((m) => m.ts === click.ts);
  if (!message) throw new Error(`no message with ts ${click.ts}`);
  const blocks = (Array.isArray(message.blocks) ? message.blocks : []) as Block[];
  for (const block of blocks) {
    for (const element of [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])]) {
      if (element.action_id !== click.actionId) continue;
      if (element.type === 'button' && click.value !== undefined && element.value !== click.value) continue;
      const actionTs = `${Math.floor(Date.now() / 1000)}.${randomBytes(3).readUIntBE(0, 3)}`;
      let action: Record<string, unknown>;
      if (element.type === 'static_select') {
        const option = element.options?.find((o) => o.value === click.optionValue);
        if (!option) continue;
        action = {
          type: 'static_select',
          action_id: element.action_id,
          block_id: block.block_id,
          selected_option: option,
          placeholder: element.placeholder,
          action_ts: actionTs,
        };
      } else {
        action = {
          type: element.type,
          action_id: element.action_id,
          block_id: block.block_id,
          text: element.text,
          ...(element.value !== undefined ? { value: element.value } : {}),
          action_ts: actionTs,
        };
      }
      const responseId = `act${randomBytes(8).toString('hex')}`;
      state.responseTargets.set(responseId, message.ts);
      const member = state.members.get(click.userId);
      const channel = message.channel.startsWith('U') ? `D${message.channel.slice(1)}` : message.channel;
      return {
        type: 'block_actions',
        user: { id: click.userId, username: member?.name ?? 'someone', name: member?.name ?? 'someone', team_id: state.team.id },
        api_app_id: state.appId,
        token: 'sandbox-verification-token',
        container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
        trigger_id: `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(16).toString('hex')}`,
        team: { id: state.team.id, domain: state.team.domain },
        enterprise: null,
        is_enterprise_install: false,
        channel: { id: channel, name: 'directmessage' },
        message: {
          type: 'message',
          subtype: 'bot_message',
          text: message.text,
          ts: message.ts,
          bot_id: 'B0SANDBOX1',
          blocks: message.blocks,
        },
        state: { values: {} },
        response_url: `${sandboxUrl}/slack/_response/${responseId}`,
        actions: [action],
      };
    }
  }
  throw new Error(
    `message ${click.ts} has no element ` +
      `${click.actionId}${click.value ? ` with value ${click.value}` : ''}${click.optionValue ? ` and option ${click.optionValue}` : ''}`,
  );
}
