import { addDays, formatDay, formatDuration, localDateOf, weekdayOf, zonedTimeToUtc } from '@billops/core';
import type { ServiceContext } from '../context.ts';
import { escapeSlackText } from './escape.ts';
import { ephemeral, type SlackReply } from './messages.ts';
import type { TimeUser } from './slack-user.ts';

/** The overflow menu on each listed entry; its options' values are `edit:<id>` and `undo:<id>`. */
export const ENTRY_MENU_ACTION_ID = 'time_entry_menu';
/** Slack allows 50 blocks in a message; the list keeps room for its headers and totals. */
const MAX_LISTED = 40;

const section = (text: string, accessory?: unknown) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(accessory ? { accessory } : {}),
});

function entryMenu(entryId: string, canUndo: boolean) {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });
  return {
    type: 'overflow',
    action_id: ENTRY_MENU_ACTION_ID,
    options: [option('Edit', `edit:${entryId}`), ...(canUndo ? [option('Undo', `undo:${entryId}`)] : [])],
  };
}

/**
 * `/time list`: today's and this week's (Monday to today, in the user's time zone) entries with
 * totals, each with Edit and (for entries made in Slack) Undo. A running timer is shown apart and
 * not counted: it is not an entry until stopped.
 */
export async function timeListReply(ctx: Pick<ServiceContext, 'prisma' | 'now'>, user: TimeUser): Promise<SlackReply> {
  const today = localDateOf(ctx.now(), user.timeZone);
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const [entries, timer] = await Promise.all([
    ctx.prisma.timeEntry.findMany({
      where: {
        userId: user.userId,
        organizationId: user.organizationId,
        startedAt: { gte: zonedTimeToUtc(monday, '00:00', user.timeZone), lt: zonedTimeToUtc(addDays(today, 1), '00:00', user.timeZone) },
      },
      select: {
        id: true,
        startedAt: true,
        durationSeconds: true,
        description: true,
        source: true,
        invoiceId: true,
        project: { select: { name: true } },
      },
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    }),
    ctx.prisma.runningTimer.findUnique({
      where: { userId: user.userId },
      select: { startedAt: true, description: true, project: { select: { name: true } } },
    }),
  ]);
  const byDay = new Map<string, typeof entries>();
  for (const e of entries) {
    const day = localDateOf(e.startedAt, user.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), e]);
  }
  const total = (list: typeof entries) => list.reduce((sum, e) => sum + e.durationSeconds, 0);
  const todays = byDay.get(today) ?? [];
  const weekTotal = total(entries);

  const blocks: unknown[] = [
    section(`*Today, ${formatDay(today)}: ${formatDuration(total(todays))}* · This week: *${formatDuration(weekTotal)}*`),
  ];
  if (timer) {
    const running = Math.max(0, ctx.now().getTime() - timer.startedAt.getTime()) / 1000;
    const what = [
      timer.project ? `*${escapeSlackText(timer.project.name)}*` : '',
      timer.description ? `“${escapeSlackText(timer.description)}”` : '',
    ]
      .filter(Boolean)
      .join(' — ');
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            `:stopwatch: Timer running for ${formatDuration(running)}${what ? `: ${what}` : ''} (not counted until stopped: ` +
            `\`/time stop\`)`,
        },
      ],
    });
  }
  let listed = 0;
  for (let day = today; day >= monday; day = addDays(day, -1)) {
    const list = byDay.get(day) ?? [];
    if (list.length === 0) continue;
    blocks.push({ type: 'divider' }, section(`*${day === today ? 'Today' : formatDay(day)}* — ${formatDuration(total(list))}`));
    for (const e of list) {
      if (listed >= MAX_LISTED) break;
      listed += 1;
      const what = [
        e.project ? `*${escapeSlackText(e.project.name)}*` : '_no project_',
        e.description ? `“${escapeSlackText(e.description.slice(0, 200))}”` : '',
      ]
        .filter(Boolean)
        .join(' — ');
      const invoiced = e.invoiceId ? ' · invoiced' : '';
      blocks.push(
        section(
          `${formatDuration(e.durationSeconds)} · ${what}${invoiced}`,
          e.invoiceId ? undefined : entryMenu(e.id, e.source === 'slack'),
        ),
      );
    }
  }
  if (entries.length > listed)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${entries.length - listed} more this week in BillOps.` }] });
  if (entries.length === 0)
    blocks.push(section('Nothing logged this week yet. Try `/time 2h #project: what you did`, or `/time` for a form.'));
  const text =
    `Today: ${formatDuration(total(todays))} · This week: ${formatDuration(weekTotal)} (${entries.length} ` +
    `${entries.length === 1 ? 'entry' : 'entries'})`;
  return ephemeral(text, blocks);
}
