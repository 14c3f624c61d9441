import { AppError, localDateOf } from '@billops/core';
import { isProviderError } from '@billops/providers';
import type { ServiceContext } from '../context.ts';
import { getTimeEntry } from '../time-entries/access.ts';
import { ephemeral, type SlackReply } from './messages.ts';
import { resolveSlackTimeUser, type TimeUser } from './slack-user.ts';
import { timeEntryModal, type ModalMetadata, type ModalProject } from './time-entry-modal.ts';
import { slackApiFor } from './workspace.ts';

type Ctx = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'logger' | 'now'>;

export type OpenModalInput = {
  teamId: string;
  slackUserId: string;
  triggerId: string;
  /** Edit this entry (the Edit button); otherwise a new one. */
  entryId?: string;
  /** Pre-filled description (the message shortcut passes the message's text). */
  description?: string;
  /** Where to confirm after the modal is saved (slash command, message shortcut, the button's message). */
  responseUrl?: string;
};

/** The organization's active projects for the select menu, plus the edited entry's own even if archived since. */
async function projectsFor(ctx: Pick<ServiceContext, 'prisma'>, organizationId: string, keepId: string | null): Promise<ModalProject[]> {
  const rows = await ctx.prisma.project.findMany({
    where: { organizationId, OR: [{ archived: false }, ...(keepId ? [{ id: keepId }] : [])] },
    select: { id: true, name: true, client: { select: { name: true } } },
    orderBy: { name: 'asc' },
    take: 100,
  });
  return rows.map((p) => ({ id: p.id, name: p.name, clientName: p.client?.name ?? null }));
}

/**
 * Opens the time entry modal with the interaction's trigger_id (valid 3 s, so this is the only Slack
 * call made inside a webhook), empty or pre-filled with an entry of the user's own. Returns a reply
 * only when the modal could not be opened, saying why.
 */
export async function openTimeEntryModal(ctx: Ctx, input: OpenModalInput): Promise<{ opened: true } | { reply: SlackReply }> {
  const user = await resolveSlackTimeUser(ctx, input);
  if ('reply' in user) return user;
  let values;
  const metadata: ModalMetadata = { ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}) };
  if (input.entryId) {
    const entry = await ownEntry(ctx, user, input.entryId);
    if ('reply' in entry) return entry;
    metadata.entryId = entry.id;
    values = {
      durationMinutes: Math.round(entry.durationSeconds / 60),
      projectId: entry.projectId,
      date: localDateOf(entry.startedAt, user.timeZone),
      description: entry.description,
      billable: entry.billable,
    };
  } else {
    values = { date: localDateOf(ctx.now(), user.timeZone), description: input.description?.trim(), billable: true };
  }
  const projects = await projectsFor(ctx, user.organizationId, values.projectId ?? null);
  const view = timeEntryModal({ editing: Boolean(input.entryId), projects, values, metadata });
  try {
    await slackApiFor(ctx, user.workspace).viewsOpen(input.triggerId, view);
    return { opened: true };
  } catch (error) {
    if (!isProviderError(error)) throw error;
    ctx.logger.warn({ err: error, providerCode: error.providerCode }, 'views.open failed');
    return {
      reply: ephemeral(
        `I could not open the form (Slack said \`${error.providerCode ?? error.kind}\`). Please try again, or type it: \`/time 2h ` +
          `#project: what you did\`.`,
      ),
    };
  }
}

/** An entry the Slack user may change: their own, in this organization, not invoiced. */
export async function ownEntry(ctx: Pick<ServiceContext, 'prisma'>, user: TimeUser, entryId: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(entryId);
  try {
    if (!isUuid) throw AppError.notFound('Time entry');
    const entry = await getTimeEntry(ctx, { userId: user.userId, organizationId: user.organizationId, role: 'member' }, entryId);
    if (entry.invoiceId) return { reply: ephemeral('That entry is already on an invoice, so it cannot be changed from Slack.') };
    return entry;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { reply: ephemeral(error.code === 'forbidden' ? 'You can only change your own entries.' : 'That time entry is gone.') };
  }
}
