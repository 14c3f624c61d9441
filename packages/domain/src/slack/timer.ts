import { formatDuration, localDateOf } from '@billops/core';
import { Prisma, queryRows, withTransaction, type PrismaClient, type Tx } from '@billops/db';
import { isProviderError } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { deliverOnce, type DeliveryOutcome } from '../notifications/deliver.ts';
import { notificationMessage } from '../notifications/messages.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';
import { escapeSlackText } from './escape.ts';
import { dayLabelFor, ephemeral, loggedReply, type SlackReply } from './messages.ts';
import type { TimeUser } from './slack-user.ts';

/** A timer still running after this long is stopped at this mark (and the user told). */
export const TIMER_LIMIT_MS = 12 * 3600_000;

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'now'>;
type Timer = { id: string; organizationId: string; userId: string; projectId: string | null; description: string; startedAt: Date };
type Stopped =
  | { entryId: string; durationSeconds: number; capped: boolean; projectName: string | null; description: string; startedAt: Date }
  | { tooShort: true };

/**
 * Turns a timer into a time entry inside `tx` (idempotent on `timer:<id>`): it ends at `now`, or at
 * the 12-hour mark if it ran longer. The row is deleted in the same transaction, so a running timer
 * is never summed or invoiced and a stopped one is counted exactly once; the entry's notification is
 * recorded in the job outbox by createTimeEntry, so it commits with the entry.
 */
async function convert(tx: Tx, timer: Timer, now: Date): Promise<Stopped> {
  const capped = now.getTime() - timer.startedAt.getTime() > TIMER_LIMIT_MS;
  const endedAt = capped ? new Date(timer.startedAt.getTime() + TIMER_LIMIT_MS) : now;
  if (endedAt.getTime() - timer.startedAt.getTime() < 1000) return { tooShort: true };
  const { entry } = await createTimeEntry(
    { prisma: tx as unknown as PrismaClient },
    {
      organizationId: timer.organizationId,
      userId: timer.userId,
      projectId: timer.projectId,
      description: timer.description,
      startedAt: timer.startedAt,
      endedAt,
      source: 'slack',
      sourceRef: `timer:${timer.id}`,
    },
  );
  const project = timer.projectId ? await tx.project.findUnique({ where: { id: timer.projectId }, select: { name: true } }) : null;
  return {
    entryId: entry.id,
    durationSeconds: entry.durationSeconds,
    capped,
    projectName: project?.name ?? null,
    description: timer.description,
    startedAt: timer.startedAt,
  };
}

async function takeTimer(tx: Tx, userId: string): Promise<Timer | undefined> {
  const [timer] = await queryRows<Timer>(
    tx,
    Prisma.sql`DELETE FROM running_timers WHERE user_id = ${userId}::uuid
               RETURNING id, organization_id AS "organizationId", user_id AS "userId", project_id AS "projectId", description,
                         started_at AS "startedAt"`,
  );
  return timer;
}

function stoppedText(stopped: { durationSeconds: number; capped: boolean; projectName: string | null; description: string }): string {
  const what = [
    stopped.projectName ? ` on *${escapeSlackText(stopped.projectName)}*` : '',
    stopped.description ? ` — “${escapeSlackText(stopped.description)}”` : '',
  ].join('');
  return `*${formatDuration(stopped.durationSeconds)}*${what}${stopped.capped ? ' (stopped at the 12-hour mark)' : ''}`;
}

/** `/time start`: one timer per user; a running one is stopped (and logged) first, and the reply says so. */
export async function startTimer(
  ctx: Ctx,
  user: TimeUser,
  input: { projectId: string | null; description: string; understood: string[] },
): Promise<SlackReply> {
  const now = ctx.now();
  const previous = await withTransaction(ctx.prisma, async (tx) => {
    const running = await takeTimer(tx, user.userId);
    const stopped = running ? await convert(tx, running, now) : undefined;
    await tx.runningTimer.create({
      data: {
        organizationId: user.organizationId,
        userId: user.userId,
        projectId: input.projectId,
        description: input.description,
        startedAt: now,
      },
    });
    return stopped;
  });
  const read = input.understood.length ? ` (${input.understood.join(', ')})` : '';
  const before =
    previous && 'entryId' in previous
      ? `\nI stopped your previous timer and logged ${stoppedText(previous)}.`
      : previous
        ? '\nI stopped your previous timer (it ran less than a second, so nothing was logged).'
        : '';
  return ephemeral(`:stopwatch: Timer started${escapeSlackText(read)}. \`/time stop\` logs it; \`/time status\` shows it.${before}`);
}

/** `/time stop`: logs the running timer as an entry (with Edit and Undo), or says none is running. */
export async function stopTimer(ctx: Ctx, user: TimeUser): Promise<SlackReply> {
  const now = ctx.now();
  const stopped = await withTransaction(ctx.prisma, async (tx) => {
    const running = await takeTimer(tx, user.userId);
    return running ? convert(tx, running, now) : undefined;
  });
  if (!stopped) return ephemeral('No timer is running. Start one with `/time start [#project] [description]`.');
  if (!('entryId' in stopped)) return ephemeral('The timer ran less than a second, so nothing was logged.');
  const date = localDateOf(stopped.startedAt, user.timeZone);
  return loggedReply(
    {
      entryId: stopped.entryId,
      durationSeconds: stopped.durationSeconds,
      date,
      dayLabel: dayLabelFor(date, localDateOf(now, user.timeZone)),
      projectName: stopped.projectName ?? undefined,
      clientName: undefined,
      description: stopped.description,
    },
    stopped.capped ? 'Timer ran past 12 hours: stopped at the 12-hour mark and logged' : 'Timer stopped. Logged',
  );
}

/** `/time status`: what is running and for how long (not counted anywhere until stopped). */
export async function timerStatus(ctx: Pick<ServiceContext, 'prisma' | 'now'>, user: TimeUser): Promise<SlackReply> {
  const timer = await ctx.prisma.runningTimer.findUnique({
    where: { userId: user.userId },
    include: { project: { select: { name: true } } },
  });
  if (!timer) return ephemeral('No timer is running. Start one with `/time start [#project] [description]`.');
  const running = Math.max(0, ctx.now().getTime() - timer.startedAt.getTime()) / 1000;
  const what = [
    timer.project ? ` on *${escapeSlackText(timer.project.name)}*` : '',
    timer.description ? ` — “${escapeSlackText(timer.description)}”` : '',
  ].join('');
  return ephemeral(`:stopwatch: Timer running for *${formatDuration(running)}*${what}. \`/time stop\` logs it.`);
}

/**
 * The scheduled sweep: every timer running past 12 hours is stopped at the 12-hour mark (an entry of
 * exactly 12 hours) and its owner told by DM, once per timer (`timer_auto_stopped:<timer id>`). The
 * DM goes first: if Slack is rate limited or down, the job is retried with the timer still there
 * (stopping it later gives the same entry); a DM that can never be delivered does not keep it running.
 */
export async function stopStaleTimers(
  ctx: Pick<ServiceContext, 'prisma' | 'queues' | 'vault' | 'providers' | 'logger' | 'now'>,
): Promise<{ stopped: number }> {
  const now = ctx.now();
  const stale = await ctx.prisma.runningTimer.findMany({
    where: { startedAt: { lte: new Date(now.getTime() - TIMER_LIMIT_MS) } },
    include: { project: { select: { name: true } } },
    orderBy: { startedAt: 'asc' },
    take: 500,
  });
  let stopped = 0;
  for (const timer of stale) {
    const text = stoppedText({
      durationSeconds: TIMER_LIMIT_MS / 1000,
      capped: false,
      projectName: timer.project?.name ?? null,
      description: timer.description,
    });
    try {
      await notifyAutoStopped(ctx, { timerId: timer.id, userId: timer.userId, organizationId: timer.organizationId, text });
    } catch (error) {
      if (!isProviderError(error) || error.kind === 'rate_limited' || error.kind === 'transient') throw error;
      ctx.logger.warn({ err: error, timerId: timer.id }, 'timer auto-stop DM cannot be delivered; stopping the timer anyway');
    }
    const result = await withTransaction(ctx.prisma, async (tx) => {
      const [taken] = await queryRows<Timer>(
        tx,
        Prisma.sql`DELETE FROM running_timers WHERE id = ${timer.id}::uuid
                   RETURNING id, organization_id AS "organizationId", user_id AS "userId", project_id AS "projectId", description,
                             started_at AS "startedAt"`,
      );
      return taken ? convert(tx, taken, now) : undefined;
    });
    if (result && 'entryId' in result) stopped += 1;
  }
  return { stopped };
}

async function notifyAutoStopped(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  input: { timerId: string; userId: string; organizationId: string; text: string },
): Promise<DeliveryOutcome> {
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { userId: input.userId, slackIntegration: { organizationId: input.organizationId, isActive: true } },
    include: { slackIntegration: true },
  });
  if (!binding) return { status: 'skipped', reason: 'not_linked' };
  const { slackIntegration: workspace, ...rest } = binding;
  const text =
    `⏱️ Your timer ran for 12 hours, so I stopped it at the 12-hour mark and logged ${input.text}. ` + 'Use `/time list` to edit it.';
  return deliverOnce(ctx, {
    workspace,
    binding: rest,
    dedupeKey: `timer_auto_stopped:${input.timerId}`,
    userId: input.userId,
    kind: 'timer_auto_stopped',
    message: notificationMessage({ type: 'warning', title: 'Timer stopped', text }),
  });
}
