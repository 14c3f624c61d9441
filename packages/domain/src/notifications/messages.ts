import { formatDuration } from '@billops/core';
import type { SlackMessage } from '@billops/providers';
import { escapeSlackText as esc } from '../slack/escape.ts';

// Every name, title, description and email below came from a user or a provider: each is escaped
// for mrkdwn where it is put into a message, so `<!channel>` or a disguised link stays plain text.

/** Colour by notification type, as Slack attachment colours. */
export const NOTIFICATION_COLORS = { info: '#2196F3', success: '#4CAF50', warning: '#FFC107', error: '#F44336' } as const;
export type NotificationType = keyof typeof NOTIFICATION_COLORS;

/**
 * A DM notification: the plain-text `text` (notifications, screen readers, old clients) plus a
 * colour bar attachment holding the Block Kit content.
 */
export function notificationMessage(input: { type: NotificationType; title: string; text: string; details?: string[] }): SlackMessage {
  const blocks: unknown[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${input.title}*\n${input.text}` } }];
  if (input.details?.length) blocks.push({ type: 'context', elements: input.details.map((d) => ({ type: 'mrkdwn', text: d })) });
  return { text: input.text, attachments: [{ color: NOTIFICATION_COLORS[input.type], fallback: input.text, blocks }] };
}

/** Formats minor units for a currency ($1,500.00, ¥1,500, 1.500,000 KWD) using its own decimals. */
export function formatMoney(minorUnits: number, currency: string, locale = 'en-US'): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** digits);
}

export function timeEntryCreatedMessage(input: {
  durationSeconds: number;
  projectName?: string;
  clientName?: string;
  description?: string;
  date: string;
}): SlackMessage {
  const target = input.projectName
    ? ` for ${esc(input.projectName)}${input.clientName ? ` (${esc(input.clientName)})` : ''}`
    : input.clientName
      ? ` for ${esc(input.clientName)}`
      : '';
  const text = `⏱️ Time entry logged: ${formatDuration(input.durationSeconds)}${target}`;
  const details = [`Date: ${input.date}`, ...(input.description ? [`“${esc(input.description)}”`] : [])];
  return notificationMessage({ type: 'success', title: 'Time entry', text, details });
}

export function invoiceReadyMessage(input: { number: string; totalCents: number; currency: string; clientName: string }): SlackMessage {
  const text = `📄 Invoice ${esc(input.number)} ready: ${formatMoney(input.totalCents, input.currency)}`;
  return notificationMessage({ type: 'info', title: 'Invoice ready', text, details: [`Client: ${esc(input.clientName)}`] });
}

export function dailySummaryMessage(input: {
  date: string;
  entryCount: number;
  totalSeconds: number;
  projects: { name: string; seconds: number }[];
}): SlackMessage {
  const text =
    `📊 Daily Summary: ${input.entryCount} ${input.entryCount === 1 ? 'entry' : 'entries'} logged ` +
    `(${formatDuration(input.totalSeconds)})`;
  const details = [`${input.date}`, ...input.projects.slice(0, 8).map((p) => `${esc(p.name)}: ${formatDuration(p.seconds)}`)];
  if (input.entryCount === 0) details.push('Nothing logged yet: try `/time 2h #project: what you did`');
  return notificationMessage({ type: 'info', title: 'Daily summary', text, details });
}

export function reauthRequiredMessage(input: { providerLabel: string; email: string | undefined }): SlackMessage {
  const text =
    `⚠️ Your ${input.providerLabel} connection${input.email ? ` (${esc(input.email)})` : ''} needs to be ` +
    `re-authorized. Reconnect it in BillOps to keep your calendar syncing.`;
  return notificationMessage({ type: 'warning', title: 'Integration needs re-authorization', text });
}
