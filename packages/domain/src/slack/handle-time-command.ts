import { AppError, zonedTimeToUtc } from '@billops/core';
import { Prisma, queryRows } from '@billops/db';
import { isProviderError } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';
import { linkSlackUserOnFirstUse } from './link-by-email.ts';
import { captureDisabledReply, ephemeral, errorReply, helpReply, loggedReply, notLinkedReply, workspaceNotConnectedReply, type SlackReply } from './messages.ts';
import { parseTimeCommand } from './time-command-parser.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'vault' | 'providers' | 'logger' | 'now'>;

export type TimeCommandInput = { teamId: string; slackUserId: string; text: string; triggerId: string };

/** Past days' entries end at this local time (a working day's end), today's end now. */
export const PAST_DAY_END = '18:00';

export type TimeCommandOutcome = {
  reply: SlackReply;
  /** Set when the user must first be linked (a Slack API call): the caller runs it again as a job. */
  deferred?: true;
};

/** What a Slack user who is not linked yet sees while the job links them and logs the time. */
const LINKING_REPLY = ephemeral('One moment: linking your Slack account to BillOps, then logging this. I will answer here.');

/**
 * The `/time` slash command: parse, check the workspace and the user's link, create the entry
 * through createTimeEntry (idempotent on `slack:<team>:<trigger_id>`, so a retried or
 * double-submitted command makes one entry) and say what was understood, with an Undo button.
 * Only database work happens in the webhook; a user not linked yet is `deferred` to a job
 * (mode `job`) that links them by email and answers on the command's response_url.
 */
export async function handleTimeCommand(ctx: Ctx, input: TimeCommandInput, options: { mode: 'webhook' | 'job' } = { mode: 'webhook' }): Promise<TimeCommandOutcome> {
  const reply = await runTimeCommand(ctx, input, options.mode);
  return reply === 'defer' ? { reply: LINKING_REPLY, deferred: true } : { reply };
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
  // the zone that is furthest ahead, no day the user may log is "in the future", so any command
  // that parses for the user parses here too, with the same code.
  const first = parseTimeCommand(input.text, { now: ctx.now(), timeZone: 'Pacific/Kiritimati' });
  const projectCode = first.kind === 'entry' ? (first.projectCode ?? null) : null;
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
    WHERE w.workspace_id = ${input.teamId}`);
  return rows[0];
}

async function runTimeCommand(ctx: Ctx, input: TimeCommandInput, mode: 'webhook' | 'job'): Promise<SlackReply | 'defer'> {
  let found = await loadCommandContext(ctx, input);
  if (!found?.is_active) return workspaceNotConnectedReply();
  if (/^\s*help\s*$/i.test(input.text) || input.text.trim() === '') return helpReply();
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
  const workspace = { organizationId: found.organization_id };
  const binding = { userId: found.user_id };
  const user = { timeZone: found.time_zone ?? 'UTC' };
  const now = ctx.now();
  const parsed = parseTimeCommand(input.text, { now, timeZone: user.timeZone });
  if (parsed.kind === 'help') return helpReply();
  if (parsed.kind === 'error') return errorReply(parsed.message);

  const project = parsed.projectCode && found.project_id ? { id: found.project_id, name: found.project_name!, clientName: found.client_name } : null;
  if (parsed.projectCode && !project) {
    const known = await ctx.prisma.project.findMany({ where: { organizationId: workspace.organizationId, archived: false }, select: { code: true }, orderBy: { code: 'asc' }, take: 10 });
    const hint = known.length ? ` Known codes: ${known.map((p) => `\`#${p.code}\``).join(', ')}.` : '';
    return errorReply(`I don't know a project with code \`#${parsed.projectCode}\`.${hint}`);
  }

  const endedAt = parsed.dayLabel === 'today' ? now : zonedTimeToUtc(parsed.date, PAST_DAY_END, user.timeZone);
  const startedAt = new Date(endedAt.getTime() - parsed.durationMinutes * 60_000);
  try {
    const { entry } = await createTimeEntry(ctx, {
      organizationId: workspace.organizationId,
      userId: binding.userId,
      projectId: project?.id ?? null,
      description: parsed.description,
      startedAt,
      endedAt,
      source: 'slack',
      sourceRef: `slack:${input.teamId}:${input.triggerId}`,
    });
    return loggedReply({
      entryId: entry.id,
      durationMinutes: Math.round(entry.durationSeconds / 60),
      date: parsed.date,
      dayLabel: parsed.dayLabel,
      projectName: project?.name,
      clientName: project?.clientName ?? undefined,
      description: entry.description,
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') return errorReply(error.message);
    throw error;
  }
}
