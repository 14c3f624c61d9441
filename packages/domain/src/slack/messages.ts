import { formatDay } from '@billops/core';
import { escapeSlackText } from './escape.ts';
import { formatDuration, TIME_COMMAND_USAGE } from './time-command-parser.ts';

/** What a webhook answers Slack with: an ephemeral message only the user sees. */
export type SlackReply = { response_type: 'ephemeral' | 'in_channel'; text: string; blocks?: unknown[]; replace_original?: boolean };

export const UNDO_ACTION_ID = 'undo_time_entry';

const escapeOptional = (text: string | undefined) => (text === undefined ? undefined : escapeSlackText(text));

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

export const ephemeral = (text: string, blocks?: unknown[]): SlackReply => ({ response_type: 'ephemeral', text, ...(blocks ? { blocks } : {}) });

export const helpReply = (): SlackReply => ephemeral(TIME_COMMAND_USAGE, [section(TIME_COMMAND_USAGE)]);

/** `problem` may quote what the user typed, so it is escaped for mrkdwn. */
export const errorReply = (rawProblem: string): SlackReply => {
  const problem = escapeSlackText(rawProblem);
  const text = `:warning: ${problem}\n\n${TIME_COMMAND_USAGE}`;
  return ephemeral(text, [section(`:warning: ${problem}`), { type: 'divider' }, section(TIME_COMMAND_USAGE)]);
};

export type LoggedEntry = {
  entryId: string;
  durationMinutes: number;
  date: string;
  dayLabel: string;
  projectName: string | undefined;
  clientName: string | undefined;
  description: string;
};

/** Says exactly what was understood, so a misparse is obvious, and offers Undo. User strings are escaped for mrkdwn. */
export function loggedReply(logged: LoggedEntry): SlackReply {
  const entry = { ...logged, projectName: escapeOptional(logged.projectName), clientName: escapeOptional(logged.clientName), description: escapeSlackText(logged.description) };
  const where = entry.projectName ? ` on *${entry.projectName}*${entry.clientName ? ` (${entry.clientName})` : ''}` : '';
  const day = entry.dayLabel === 'today' || entry.dayLabel === 'yesterday' ? `${entry.dayLabel}, ${formatDay(entry.date)}` : formatDay(entry.date);
  const what = entry.description ? ` — “${entry.description}”` : '';
  const text = `:white_check_mark: Logged *${formatDuration(entry.durationMinutes)}*${where} for ${day}${what}`;
  return ephemeral(text.replace(/\*/g, ''), [
    section(text),
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: UNDO_ACTION_ID, text: { type: 'plain_text', text: 'Undo' }, value: entry.entryId, style: 'danger' }],
    },
  ]);
}

export const notLinkedReply = (): SlackReply =>
  ephemeral(
    "Your Slack account isn't linked to a BillOps user yet, so nothing was logged. Ask a BillOps admin to link you (Settings → Slack → Members), or make sure your Slack email matches your BillOps email and try again.",
  );

export const captureDisabledReply = (): SlackReply =>
  ephemeral('Time capture from Slack is turned off for this workspace, so nothing was logged. Please log this time in BillOps, or ask an admin to turn `/time` back on.');

export const workspaceNotConnectedReply = (): SlackReply => ephemeral('This Slack workspace is not connected to BillOps (or was uninstalled). An admin can connect it from BillOps → Settings → Slack.');
