import { AppError, localDateOf } from '@billops/core';
import { Prisma, queryRows } from '@billops/db';
import { isProviderError } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';
import { placeOnDay } from '../time-entries/place-on-day.ts';
import { linkSlackUserOnFirstUse } from './link-by-email.ts';
import { timeListReply } from './list-reply.ts';
import {
  captureDisabledReply,
  ephemeral,
  errorReply,
  helpReply,
  loggedReply,
  notLinkedReply,
  workspaceNotConnectedReply,
  type SlackReply,
} from './messages.ts';
import { openTimeEntryModal } from './open-time-entry-modal.ts';
import type { TimeUser } from './slack-user.ts';
import { dateOrderFor, parseTimeCommand, timeCommandUsage } from './time-command-parser.ts';
import { startTimer, stopTimer, timerStatus } from './timer.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'vault' | 'providers' | 'logger' | 'now'>;

export type TimeCommandInput = { teamId: string; slackUserId: string; text: string; triggerId: string; responseUrl?: string };

export type TimeCommandOutcome = {
  /** The webhook's answer; `null` when a modal was opened instead (Slack then wants an empty 200). */
  reply: SlackReply | null;
  /** Set when the user must first be linked (a Slack API call): the caller runs it again as a job. */
  deferred?: true;
};

/** What a Slack user who is not linked yet sees while the job links them and logs the time. */
const LINKING_REPLY = ephemeral('One moment: linking your Slack account to BillOps, then logging this. I will answer here.');

/**
 * The `/time` slash command: parse, check the workspace and the user's link, then log time (through
 * createTimeEntry, idempotent on `slack:<team>:<trigger_id>`, so a retried or double-submitted
 * command makes one entry), list, run the timer or open the modal, and say what was understood.
 * Only database work happens in the webhook, except views.open (the trigger lasts 3 s); a user not
 * linked yet is `deferred` to a job (mode `job`) that links them by email and answers on the
 * command's response_url.
 */
export async function handleTimeCommand(
  ctx: Ctx,
  input: TimeCommandInput,
  options: { mode: 'webhook' | 'job' } = { mode: 'webhook' },
): Promise<TimeCommandOutcome> {
  const reply = await runTimeCommand(ctx, input, options.mode);
  if (reply === 'defer') return { reply: LINKING_REPLY, deferred: true };
  return { reply: reply === 'opened' ? null : reply };
}

/** Everything the command needs about the workspace, the Slack user and the project named, read in one round trip. */
type CommandContext = {
  workspace_id: string;
  organization_id: string;
  is_active: boolean;
  time_capture_enabled: boolean;
  user_id: string | null;
  time_zone: string | null;
  is_member: boolean;
  project_id: string | null;
  project_name: string | null;
  client_name: string | null;
};

async function loadCommandContext(ctx: Ctx, input: TimeCommandInput): Promise<CommandContext | undefined> {
  // The project code does not depend on the user's time zone (only the day does), so it is read
  // before the user's settings are known and its project fetched in the same statement. Read in
  // the zone that is furthest ahead, no day the user may log is "in the future"; when this reading
  // differs anyway, the project is looked up on its own (runTimeCommand).
  const first = parseTimeCommand(input.text, { now: ctx.now(), timeZone: 'Pacific/Kiritimati' });
  const projectCode = first.kind === 'entry' || first.kind === 'timer_start' ? (first.projectCode ?? null) : null;
  const rows = await queryRows<CommandContext>(
    ctx.prisma,
    Prisma.sql`
    SELECT w.id AS workspace_id, w.organization_id, w.is_active, w.time_capture_enabled,
           b.user_id, u.time_zone, (m.id IS NOT NULL) AS is_member,
           p.id AS project_id, p.name AS project_name, c.name AS client_name
    FROM slack_integrations w
    LEFT JOIN slack_user_bindings b ON b.slack_integration_id = w.id AND b.slack_user_id = ${input.slackUserId}
    LEFT JOIN users u ON u.id = b.user_id
    LEFT JOIN memberships m ON m.organization_id = w.organization_id AND m.user_id = b.user_id
    LEFT JOIN projects p ON p.organization_id = w.organization_id AND lower(p.code) = ${projectCode} AND NOT p.archived
    LEFT JOIN clients c ON c.id = p.client_id
    WHERE w.workspace_id = ${input.teamId}`,
  );
  return rows[0];
}

type Project = { id: string; name: string; clientName: string | null };

/** The project a code names (prefetched with the context when the early reading found the code). */
async function projectByCode(ctx: Ctx, found: CommandContext, code: string): Promise<Project | SlackReply> {
  if (found.project_id) return { id: found.project_id, name: found.project_name!, clientName: found.client_name };
  const project = await ctx.prisma.project.findFirst({
    where: { organizationId: found.organization_id, archived: false, code: { equals: code, mode: 'insensitive' } },
    select: { id: true, name: true, client: { select: { name: true } } },
  });
  if (project) return { id: project.id, name: project.name, clientName: project.client?.name ?? null };
  const known = await ctx.prisma.project.findMany({
    where: { organizationId: found.organization_id, archived: false },
    select: { code: true },
    orderBy: { code: 'asc' },
    take: 10,
  });
  const hint = known.length ? ` Known codes: ${known.map((p) => `\`#${p.code}\``).join(', ')}.` : '';
  return errorReply(`I don't know a project with code \`#${code}\`.${hint}`);
}

async function runTimeCommand(ctx: Ctx, input: TimeCommandInput, mode: 'webhook' | 'job'): Promise<SlackReply | 'defer' | 'opened'> {
  let found = await loadCommandContext(ctx, input);
  if (!found?.is_active) return workspaceNotConnectedReply();
  if (/^\s*(help|\?)\s*$/i.test(input.text)) return helpReply(timeCommandUsage(dateOrderFor(found.time_zone ?? 'UTC')));
  if (!found.time_capture_enabled) return captureDisabledReply();

  if (!found.user_id) {
    // Linking needs Slack (users.info), which the webhook does not wait for: a job does it.
    if (mode === 'webhook') return 'defer';
    const workspace = await ctx.prisma.slackIntegration.findUniqueOrThrow({ where: { id: found.workspace_id } });
    try {
      if (!(await linkSlackUserOnFirstUse(ctx, workspace, input.slackUserId))) return notLinkedReply();
    } catch (error) {
      if (isProviderError(error) && error.kind === 'not_found') return notLinkedReply();
      throw error;
    }
    found = await loadCommandContext(ctx, input);
    if (!found?.user_id) return notLinkedReply();
  }

  // A binding outlives a removed membership only until cleaned up: never log time for a non-member.
  if (!found.is_member) return notLinkedReply();
  const user: TimeUser = { organizationId: found.organization_id, userId: found.user_id, timeZone: found.time_zone ?? 'UTC' };
  const now = ctx.now();
  const order = dateOrderFor(user.timeZone);
  const parsed = parseTimeCommand(input.text, { now, timeZone: user.timeZone, dateOrder: order });
  switch (parsed.kind) {
    case 'help':
      return helpReply(timeCommandUsage(order));
    case 'error':
      return errorReply(parsed.message, timeCommandUsage(order));
    case 'modal': {
      // The linking job runs after the trigger has expired: it can only say to try again.
      if (mode === 'job') return ephemeral('Your Slack account is linked to BillOps now. Type `/time` again to open the form.');
      const opened = await openTimeEntryModal(ctx, {
        teamId: input.teamId,
        slackUserId: input.slackUserId,
        triggerId: input.triggerId,
        ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
      });
      return 'opened' in opened ? 'opened' : opened.reply;
    }
    case 'list':
      return timeListReply(ctx, user);
    case 'timer_stop':
      return stopTimer(ctx, user);
    case 'timer_status':
      return timerStatus(ctx, user);
    case 'timer_start': {
      const project = parsed.projectCode ? await projectByCode(ctx, found, parsed.projectCode) : null;
      if (project && !('id' in project)) return project;
      return startTimer(ctx, user, { projectId: project?.id ?? null, description: parsed.description, understood: parsed.understood });
    }
    case 'entry':
      break;
  }

  const project = parsed.projectCode ? await projectByCode(ctx, found, parsed.projectCode) : null;
  if (project && !('id' in project)) return project;
  try {
    const { startedAt, endedAt } = placeOnDay({
      date: parsed.date,
      minutes: parsed.durationMinutes,
      today: localDateOf(now, user.timeZone),
      now,
      timeZone: user.timeZone,
    });
    const { entry } = await createTimeEntry(ctx, {
      organizationId: user.organizationId,
      userId: user.userId,
      projectId: project?.id ?? null,
      description: parsed.description,
      startedAt,
      endedAt,
      source: 'slack',
      sourceRef: `slack:${input.teamId}:${input.triggerId}`,
    });
    return loggedReply({
      entryId: entry.id,
      durationSeconds: entry.durationSeconds,
      date: parsed.date,
      dayLabel: parsed.dayLabel,
      projectName: project?.name,
      clientName: project?.clientName ?? undefined,
      description: entry.description,
      understood: parsed.understood,
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') return errorReply(error.message, timeCommandUsage(order));
    throw error;
  }
}
