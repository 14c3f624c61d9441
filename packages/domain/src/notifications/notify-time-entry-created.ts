import type { ServiceContext } from '../context.ts';
import { localDateOf } from '../slack/local-time.ts';
import { deliverOnce, recipientIn, type DeliveryOutcome } from './deliver.ts';
import { timeEntryCreatedMessage } from './messages.ts';

/** "Time entry logged: 2.5 hours for <Project> (<Client>)" to the entry's owner, once per entry. */
export async function notifyTimeEntryCreated(ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>, timeEntryId: string): Promise<DeliveryOutcome> {
  const entry = await ctx.prisma.timeEntry.findUnique({
    where: { id: timeEntryId },
    include: { project: { select: { name: true } }, client: { select: { name: true } }, user: { select: { timeZone: true } } },
  });
  if (!entry) return { status: 'skipped', reason: 'entry_deleted' };
  const recipient = await recipientIn(ctx, entry.organizationId, entry.userId);
  if ('skipped' in recipient) return { status: 'skipped', reason: recipient.skipped };
  if (!recipient.binding.notifyTimeEntryCreated) return { status: 'skipped', reason: 'user_opted_out' };
  return deliverOnce(ctx, {
    ...recipient,
    dedupeKey: `time_entry_created:${entry.id}`,
    userId: entry.userId,
    kind: 'time_entry_created',
    message: timeEntryCreatedMessage({
      durationSeconds: entry.durationSeconds,
      projectName: entry.project?.name,
      clientName: entry.client?.name,
      description: entry.description,
      date: localDateOf(entry.startedAt, entry.user.timeZone),
    }),
  });
}
