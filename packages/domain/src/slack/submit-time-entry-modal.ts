import { addDays, AppError, localDateOf, zonedTimeToUtc } from '@billops/core';
import type { TimeEntry } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { createTimeEntry } from '../time-entries/create-time-entry.ts';
import { placeOnDay } from '../time-entries/place-on-day.ts';
import { updateTimeEntry } from '../time-entries/update-time-entry.ts';
import { dayLabelFor, loggedReply, type SlackReply } from './messages.ts';
import { ownEntry } from './open-time-entry-modal.ts';
import { resolveSlackTimeUser, type SlackTimeUser } from './slack-user.ts';
import { parseDurationText } from './time-command-parser.ts';
import { MODAL_BLOCKS, modalMetadata, readModalState, type ModalInput } from './time-entry-modal.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'queues' | 'now'>;

/** What Slack gets back for a view_submission: field errors keep the modal open; `clear` closes it. */
export type ViewSubmissionResponse = { response_action: 'errors'; errors: Record<string, string> } | { response_action: 'clear' };

export type ModalOutcome = {
  response: ViewSubmissionResponse;
  /** A confirmation to post on the response_url the modal came with (if any). */
  followUp?: { responseUrl: string; reply: SlackReply; replaceOriginal: boolean };
};

export type ModalSubmission = { teamId: string; slackUserId: string; viewId: string; privateMetadata: string; values: unknown };

const errors = (byBlock: Record<string, string>): ModalOutcome => ({ response: { response_action: 'errors', errors: byBlock } });

/**
 * Saves the time entry modal: validates every field (errors shown under the field, the modal stays
 * open), then creates the entry (idempotent on the view id, so a double submit makes one) or updates
 * the user's own, not-invoiced entry. Database work only: Slack wants the answer within 3 seconds.
 */
export async function submitTimeEntryModal(ctx: Ctx, input: ModalSubmission): Promise<ModalOutcome> {
  const user = await resolveSlackTimeUser(ctx, input);
  if ('reply' in user) return errors({ [MODAL_BLOCKS.duration]: user.reply.text.slice(0, 150) });
  const metadata = modalMetadata.catch({}).parse(safeJson(input.privateMetadata));
  const fields = readModalState(input.values);
  const checked = await validate(ctx, user, fields);
  if ('errors' in checked) return errors(checked.errors);

  try {
    let entry: TimeEntry;
    if (metadata.entryId) {
      const existing = await ownEntry(ctx, user, metadata.entryId);
      if ('reply' in existing) return errors({ [MODAL_BLOCKS.duration]: existing.reply.text });
      const { startedAt, endedAt } = placeEdited(ctx, user, existing, checked);
      entry = await updateTimeEntry(ctx, { userId: user.userId, organizationId: user.organizationId, role: 'member' }, existing.id, {
        projectId: checked.projectId,
        description: fields.description,
        billable: fields.billable,
        startedAt,
        endedAt,
      });
    } else {
      const { startedAt, endedAt } = placeOnDay({
        date: checked.date,
        minutes: checked.minutes,
        today: checked.today,
        now: ctx.now(),
        timeZone: user.timeZone,
      });
      ({ entry } = await createTimeEntry(ctx, {
        organizationId: user.organizationId,
        userId: user.userId,
        projectId: checked.projectId,
        description: fields.description,
        billable: fields.billable,
        startedAt,
        endedAt,
        source: 'slack',
        sourceRef: `slack:${input.teamId}:view:${input.viewId}`,
      }));
    }
    const reply = await confirmation(ctx, user, entry, metadata.entryId ? 'Updated' : 'Logged');
    return {
      response: { response_action: 'clear' },
      ...(metadata.responseUrl
        ? { followUp: { responseUrl: metadata.responseUrl, reply, replaceOriginal: Boolean(metadata.entryId) } }
        : {}),
    };
  } catch (error) {
    // placeOnDay refuses more hours than the day has; createTimeEntry/updateTimeEntry a vanished project or an invoice.
    if (error instanceof AppError && error.code !== 'internal') {
      return errors({ [error.reason?.startsWith('project_') ? MODAL_BLOCKS.project : MODAL_BLOCKS.duration]: error.message });
    }
    throw error;
  }
}

type Checked = { minutes: number; date: string; today: string; projectId: string | null };

async function validate(ctx: Ctx, user: SlackTimeUser, fields: ModalInput): Promise<Checked | { errors: Record<string, string> }> {
  const problems: Record<string, string> = {};
  const duration = parseDurationText(fields.durationText);
  if ('error' in duration) problems[MODAL_BLOCKS.duration] = duration.error;
  const today = localDateOf(ctx.now(), user.timeZone);
  if (!fields.date || !/^\d{4}-\d{2}-\d{2}$/.test(fields.date)) problems[MODAL_BLOCKS.day] = 'Pick a day.';
  else if (fields.date > today) problems[MODAL_BLOCKS.day] = 'That day is in the future: log time for today or an earlier day.';
  if (fields.projectId) {
    const project = await ctx.prisma.project.findFirst({
      where: { id: fields.projectId, organizationId: user.organizationId },
      select: { archived: true },
    });
    if (!project) problems[MODAL_BLOCKS.project] = 'That project no longer exists.';
    else if (project.archived) problems[MODAL_BLOCKS.project] = 'That project is archived: pick another.';
  }
  if (Object.keys(problems).length || 'error' in duration || !fields.date) return { errors: problems };
  return { minutes: duration.minutes, date: fields.date, today, projectId: fields.projectId };
}

/**
 * An edit keeps the entry where it was when its day does not change (only its end moves with the
 * duration) as long as it stays inside that day; otherwise it is placed on the new day afresh.
 */
function placeEdited(ctx: Ctx, user: SlackTimeUser, entry: TimeEntry, checked: Checked): { startedAt: Date; endedAt: Date } {
  if (localDateOf(entry.startedAt, user.timeZone) === checked.date) {
    const endedAt = new Date(entry.startedAt.getTime() + checked.minutes * 60_000);
    if (endedAt <= zonedTimeToUtc(addDays(checked.date, 1), '00:00', user.timeZone)) return { startedAt: entry.startedAt, endedAt };
  }
  return placeOnDay({ date: checked.date, minutes: checked.minutes, today: checked.today, now: ctx.now(), timeZone: user.timeZone });
}

async function confirmation(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  user: SlackTimeUser,
  entry: TimeEntry,
  verb: string,
): Promise<SlackReply> {
  const project = entry.projectId
    ? await ctx.prisma.project.findUnique({ where: { id: entry.projectId }, select: { name: true, client: { select: { name: true } } } })
    : null;
  const date = localDateOf(entry.startedAt, user.timeZone);
  return loggedReply(
    {
      entryId: entry.id,
      durationSeconds: entry.durationSeconds,
      date,
      dayLabel: dayLabelFor(date, localDateOf(ctx.now(), user.timeZone)),
      projectName: project?.name,
      clientName: project?.client?.name,
      description: entry.description,
    },
    verb,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
