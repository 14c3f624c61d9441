import { localDateOf, localTimeOf } from '@billops/core';
import type { SlackMessage } from '@billops/providers';
import { escapeSlackText } from '../slack/escape.ts';

/** Every action of the review nudge starts with this, so the interactions endpoint can route them here. */
export const REVIEW_ACTION_PREFIX = 'review_';
export const REVIEW_ACTIONS = {
  log: 'review_log',
  project: 'review_project',
  dismiss: 'review_dismiss',
  logAll: 'review_log_all',
} as const;
/** Each meeting's blocks carry its id in their block_id, so a click re-renders the same meetings. */
export const ITEM_BLOCK_PREFIX = 'review_item:';
export const NUDGE_LIMIT = 10;

export type NudgeItem = {
  eventId: string;
  title: string;
  start: Date;
  end: Date;
  state:
    | { kind: 'waiting'; suggestedProjectId: string | null; suggestion: string | null }
    | { kind: 'logged'; projectName: string | null }
    | { kind: 'dismissed' }
    | { kind: 'gone' };
};
export type NudgeProject = { id: string; name: string };

const plain = (text: string) => ({ type: 'plain_text', text: text.length > 75 ? `${text.slice(0, 74)}…` : text, emoji: true });
const when = (item: NudgeItem, timeZone: string) =>
  `${localDateOf(item.start, timeZone)} ${localTimeOf(item.start, timeZone)}–${localTimeOf(item.end, timeZone)}`;
const titleOf = (item: NudgeItem) => escapeSlackText(item.title || '(no title)');

function itemBlocks(item: NudgeItem, projects: NudgeProject[], timeZone: string): unknown[] {
  const head = `*${titleOf(item)}*  ·  ${when(item, timeZone)}`;
  const blockId = `${ITEM_BLOCK_PREFIX}${item.eventId}`;
  switch (item.state.kind) {
    case 'logged':
      return [
        {
          type: 'section',
          block_id: blockId,
          text: {
            type: 'mrkdwn',
            text: `✅ ${head}\nLogged${item.state.projectName ? ` to *${escapeSlackText(item.state.projectName)}*` : ' (no project)'}`,
          },
        },
      ];
    case 'dismissed':
      return [
        { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `~${titleOf(item)}~  ·  ${when(item, timeZone)}\nDismissed` } },
      ];
    case 'gone':
      return [{ type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `${head}\nNo longer in your calendar` } }];
    case 'waiting': {
      const { suggestedProjectId, suggestion } = item.state;
      const suggested = projects.find((p) => p.id === suggestedProjectId);
      const line = suggested
        ? `Suggested: *${escapeSlackText(suggested.name)}* (${escapeSlackText(suggestion ?? '')})`
        : 'No suggestion: pick a project';
      const options = projects.slice(0, 100).map((p) => ({ text: plain(p.name), value: `${item.eventId}|${p.id}` }));
      const select = {
        type: 'static_select',
        action_id: REVIEW_ACTIONS.project,
        placeholder: plain('Change project'),
        options,
        ...(suggested ? { initial_option: options.find((o) => o.value.endsWith(suggested.id)) } : {}),
      };
      return [
        { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: `${head}\n${line}` } },
        {
          type: 'actions',
          block_id: `${ITEM_BLOCK_PREFIX}${item.eventId}:actions`,
          elements: [
            { type: 'button', action_id: REVIEW_ACTIONS.log, text: plain('Log'), value: item.eventId, style: 'primary' },
            ...(options.length > 0 ? [select] : []),
            { type: 'button', action_id: REVIEW_ACTIONS.dismiss, text: plain('Dismiss'), value: item.eventId },
          ],
        },
      ];
    }
  }
}

/**
 * The review nudge: up to ten meetings, each with its suggestion and Log / Change project /
 * Dismiss, then "Log all suggested". Re-rendered from the database after every click, so a click
 * replayed by Slack renders the same message again.
 */
export function reviewNudgeMessage(input: {
  items: NudgeItem[];
  more: number;
  projects: NudgeProject[];
  timeZone: string;
  notice?: string;
}): SlackMessage {
  const waiting = input.items.filter((i) => i.state.kind === 'waiting');
  const withSuggestion = waiting.filter((i) => i.state.kind === 'waiting' && i.state.suggestedProjectId);
  const text =
    waiting.length > 0
      ? `🗓️ ${waiting.length + input.more} meeting${waiting.length + input.more === 1 ? '' : 's'} waiting to be logged`
      : '🗓️ All caught up: nothing left to log here';
  const blocks: unknown[] = [{ type: 'section', block_id: 'review_header', text: { type: 'mrkdwn', text: `*${text}*` } }];
  if (input.notice)
    blocks.push({ type: 'context', block_id: 'review_notice', elements: [{ type: 'mrkdwn', text: escapeSlackText(input.notice) }] });
  for (const item of input.items) blocks.push({ type: 'divider' }, ...itemBlocks(item, input.projects, input.timeZone));
  blocks.push({ type: 'divider' });
  if (withSuggestion.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'review_all',
      elements: [
        {
          type: 'button',
          action_id: REVIEW_ACTIONS.logAll,
          text: plain(`Log all suggested (${withSuggestion.length})`),
          value: withSuggestion.map((i) => i.eventId).join(','),
        },
      ],
    });
  }
  if (input.more > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${input.more} more in your BillOps review inbox.` }] });
  return { text, blocks };
}
