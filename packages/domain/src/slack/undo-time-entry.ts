import type { ServiceContext } from '../context.ts';

export type UndoResult = { status: 'undone' | 'not_found' | 'not_yours' | 'invoiced' | 'not_linked'; text: string };

/**
 * The Undo button of a `/time` reply: deletes the entry only when it came from Slack, belongs to
 * the BillOps user linked to the Slack user who clicked, and is not on an invoice.
 */
export async function undoSlackTimeEntry(
  ctx: Pick<ServiceContext, 'prisma'>,
  input: { teamId: string; slackUserId: string; entryId: string },
): Promise<UndoResult> {
  const binding = await ctx.prisma.slackUserBinding.findFirst({
    where: { slackUserId: input.slackUserId, slackIntegration: { workspaceId: input.teamId, isActive: true } },
    include: { slackIntegration: { select: { organizationId: true } } },
  });
  if (!binding) return { status: 'not_linked', text: "Your Slack account isn't linked to BillOps, so there is nothing to undo." };
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(input.entryId);
  const entry = isUuid
    ? await ctx.prisma.timeEntry.findUnique({ where: { id: input.entryId }, include: { invoiceLine: { select: { id: true } } } })
    : null;
  if (!entry) return { status: 'not_found', text: 'That time entry is already gone.' };
  if (entry.userId !== binding.userId || entry.organizationId !== binding.slackIntegration.organizationId || entry.source !== 'slack') {
    return { status: 'not_yours', text: 'You can only undo your own entries from `/time`.' };
  }
  if (entry.invoiceId || entry.invoiceLine)
    return { status: 'invoiced', text: 'That entry is already on an invoice, so it cannot be undone from Slack.' };
  // The conditional delete keeps a concurrent invoicing from losing a line.
  const { count } = await ctx.prisma.timeEntry.deleteMany({ where: { id: entry.id, invoiceId: null, invoiceLine: null } });
  if (count === 0) return { status: 'invoiced', text: 'That entry was just invoiced, so it cannot be undone from Slack.' };
  return { status: 'undone', text: ':leftwards_arrow_with_hook: Undone: the time entry was deleted.' };
}
