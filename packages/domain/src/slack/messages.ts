import { addDays, formatDay, formatDuration } from '@billops/core';
import { escapeSlackText } from './escape.ts';
import { TIME_COMMAND_USAGE } from './time-command-parser.ts';

/** What a webhook answers Slack with: an ephemeral message only the user sees. */
export type SlackReply = { response_type: 'ephemeral' | 'in_channel'; text: string; blocks?: unknown[]; replace_original?: boolean };

export const UNDO_ACTION_ID = 'undo_time_entry';
export const EDIT_ACTION_ID = 'edit_time_entry';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

export const ephemeral = (text: string, blocks?: unknown[]): SlackReply => ({
  response_type: 'ephemeral',
  text,
  ...(blocks ? { blocks } : {}),
});

export const helpReply = (usage = TIME_COMMAND_USAGE): SlackReply => ephemeral(usage, [section(usage)]);

/** A usage problem: what is wrong (problems quote the user's words in code spans, so they are safe), then the usage. */
export const errorReply = (problem: string, usage = TIME_COMMAND_USAGE): SlackReply => {
  const safe = escapeSlackText(problem);
  return ephemeral(`:warning: ${safe}\n\n${usage}`, [section(`:warning: ${safe}`), { type: 'divider' }, section(usage)]);
};

export type LoggedEntry = {
  entryId: string;
  durationSeconds: number;
  date: string;
  dayLabel: string;
  projectName: string | undefined;
  clientName: string | undefined;
  description: string;
  /** What the parser read, word by word, so a misreading is visible. */
  understood?: string[];
};

/** How replies name a stored entry's day: `today`, `yesterday` or the date. */
export function dayLabelFor(date: string, today: string): string {
  if (date === today) return 'today';
  if (date === addDays(today, -1)) return 'yesterday';
  return formatDay(date);
}

/** "yesterday, Tue, 24 Nov 2026", "last friday, Fri, 20 Nov 2026", "Fri, 20 Nov 2026". */
export function dayText(date: string, label: string): string {
  const formatted = formatDay(date);
  return label === formatted ? formatted : `${label}, ${formatted}`;
}

export function entryButtons(entryId: string): unknown {
  return {
    type: 'actions',
    elements: [
      { type: 'button', action_id: EDIT_ACTION_ID, text: { type: 'plain_text', text: 'Edit' }, value: entryId },
      { type: 'button', action_id: UNDO_ACTION_ID, text: { type: 'plain_text', text: 'Undo' }, value: entryId, style: 'danger' },
    ],
  };
}

/** One entry in a sentence: "*1.5 hours* on *Acme Web* (Acme Corp) for yesterday, Tue, 24 Nov 2026 — “review”". */
export function entrySentence(entry: Omit<LoggedEntry, 'entryId' | 'understood'>): string {
  const where = entry.projectName
    ? ` on *${escapeSlackText(entry.projectName)}*${entry.clientName ? ` (${escapeSlackText(entry.clientName)})` : ''}`
    : '';
  const what = entry.description ? ` — “${escapeSlackText(entry.description)}”` : '';
  return `*${formatDuration(entry.durationSeconds)}*${where} for ${dayText(entry.date, entry.dayLabel)}${what}`;
}

/** Says exactly what was understood, so a misparse is obvious, and offers Edit and Undo. */
export function loggedReply(entry: LoggedEntry, verb = 'Logged'): SlackReply {
  const text = `:white_check_mark: ${verb} ${entrySentence(entry)}`;
  const read = entry.understood?.length ? `I read ${entry.understood.map(escapeSlackText).join(' · ')}` : undefined;
  return ephemeral(`${text.replace(/\*/g, '')}${read ? `\n${read}` : ''}`, [
    section(text),
    ...(read ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: read }] }] : []),
    entryButtons(entry.entryId),
  ]);
}

export const notLinkedReply = (): SlackReply =>
  ephemeral(
    "Your Slack account isn't linked to a BillOps user yet, so nothing was logged. Ask a BillOps admin to link you (Settings → " +
      'Slack → Members), or make sure your Slack email matches your BillOps email and try again.',
  );

export const captureDisabledReply = (): SlackReply =>
  ephemeral(
    'Time capture from Slack is turned off for this workspace, so nothing was logged. Please log this time in BillOps, or ask an ' +
      'admin to turn `/time` back on.',
  );

export const workspaceNotConnectedReply = (): SlackReply =>
  ephemeral(
    'This Slack workspace is not connected to BillOps (or was uninstalled). An admin can connect it from BillOps → Settings → Slack.',
  );
