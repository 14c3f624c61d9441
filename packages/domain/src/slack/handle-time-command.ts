import { AppError } from '@billops/core';
import { isProviderError } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';
import { linkSlackUserOnFirstUse } from './link-by-email.ts';
import { zonedTimeToUtc } from './local-time.ts';
import { captureDisabledReply, errorReply, helpReply, loggedReply, notLinkedReply, tryAgainReply, workspaceNotConnectedReply, type SlackReply } from './messages.ts';
import { parseTimeCommand } from './time-command-parser.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'vault' | 'providers' | 'logger' | 'now'>;

export type TimeCommandInput = { teamId: string; slackUserId: string; text: string; triggerId: string };

/** Past days' entries end at this local time (a working day's end), today's end now. */
export const PAST_DAY_END = '18:00';
/** How long `/time` may spend linking an unknown user inline before giving up (Slack allows 3 s). */
const LINK_BUDGET_MS = 1_200;

function withBudget<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The `/time` slash command: parse, check the workspace and the user's link, create the entry
 * through createTimeEntry (idempotent on `slack:<team>:<trigger_id>`, so a retried or
 * double-submitted command makes one entry) and say what was understood, with an Undo button.
 */
export async function handleTimeCommand(ctx: Ctx, input: TimeCommandInput): Promise<SlackReply> {
  const workspace = await ctx.prisma.slackIntegration.findUnique({ where: { workspaceId: input.teamId } });
  if (!workspace?.isActive) return workspaceNotConnectedReply();
  if (/^\s*help\s*$/i.test(input.text) || input.text.trim() === '') return helpReply();
  if (!workspace.timeCaptureEnabled) return captureDisabledReply();

  let binding = await ctx.prisma.slackUserBinding.findUnique({ where: { slackIntegrationId_slackUserId: { slackIntegrationId: workspace.id, slackUserId: input.slackUserId } } });
  if (!binding) {
    const attempt = linkSlackUserOnFirstUse(ctx, workspace, input.slackUserId).then(
      (linked) => ({ linked }),
      (error: unknown) => ({ error }),
    );
    const outcome = await withBudget(attempt, LINK_BUDGET_MS);
    if (outcome === 'timeout') return tryAgainReply();
    if ('error' in outcome) {
      if (isProviderError(outcome.error) && outcome.error.retryable) return tryAgainReply();
      if (!(isProviderError(outcome.error) && outcome.error.kind === 'not_found')) throw outcome.error;
      return notLinkedReply();
    }
    if (!outcome.linked) return notLinkedReply();
    binding = outcome.linked;
  }

  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: binding.userId }, select: { timeZone: true } });
  const now = ctx.now();
  const parsed = parseTimeCommand(input.text, { now, timeZone: user.timeZone });
  if (parsed.kind === 'help') return helpReply();
  if (parsed.kind === 'error') return errorReply(parsed.message);

  let project: { id: string; name: string; client: { name: string } | null } | null = null;
  if (parsed.projectCode) {
    project = await ctx.prisma.project.findFirst({
      where: { organizationId: workspace.organizationId, code: { equals: parsed.projectCode, mode: 'insensitive' }, archived: false },
      select: { id: true, name: true, client: { select: { name: true } } },
    });
    if (!project) {
      const known = await ctx.prisma.project.findMany({ where: { organizationId: workspace.organizationId, archived: false }, select: { code: true }, orderBy: { code: 'asc' }, take: 10 });
      const hint = known.length ? ` Known codes: ${known.map((p) => `\`#${p.code}\``).join(', ')}.` : '';
      return errorReply(`I don't know a project with code \`#${parsed.projectCode}\`.${hint}`);
    }
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
      clientName: project?.client?.name,
      description: entry.description,
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'internal') return errorReply(error.message);
    throw error;
  }
}
