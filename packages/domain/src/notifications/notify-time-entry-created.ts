import { localDateOf } from '@billops/core';
import { Prisma, queryRows } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { deliverOnce, recipientJoin, recipientOf, type DeliveryOutcome, type RecipientColumns } from './deliver.ts';
import { timeEntryCreatedMessage } from './messages.ts';

type EntryToAnnounce = {
  id: string;
  organizationId: string;
  userId: string;
  durationSeconds: number;
  description: string;
  startedAt: Date;
  timeZone: string;
  projectName: string | null;
  clientName: string | null;
};

/** "Time entry logged: 2.5 hours for <Project> (<Client>)" to the entry's owner, once per entry. */
export async function notifyTimeEntryCreated(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'now'>,
  timeEntryId: string,
): Promise<DeliveryOutcome> {
  // Plain SQL, the entry and its recipient in one round trip: one of these runs for every time entry logged.
  const [entry] = await queryRows<EntryToAnnounce & RecipientColumns>(
    ctx.prisma,
    Prisma.sql`
    SELECT e.id, e.organization_id AS "organizationId", e.user_id AS "userId", e.duration_seconds AS "durationSeconds",
           e.description, e.started_at AS "startedAt", u.time_zone AS "timeZone", p.name AS "projectName", c.name AS "clientName",
           recipient.*
    FROM time_entries e
    JOIN users u ON u.id = e.user_id
    LEFT JOIN projects p ON p.id = e.project_id
    LEFT JOIN clients c ON c.id = e.client_id
    ${recipientJoin(Prisma.sql`e.organization_id`, Prisma.sql`e.user_id`)}
    WHERE e.id = ${timeEntryId}::uuid`,
  );
  if (!entry) return { status: 'skipped', reason: 'entry_deleted' };
  const recipient = recipientOf(entry);
  if ('skipped' in recipient) return { status: 'skipped', reason: recipient.skipped };
  if (!recipient.binding.notifyTimeEntryCreated) return { status: 'skipped', reason: 'user_opted_out' };
  return deliverOnce(ctx, {
    ...recipient,
    dedupeKey: `time_entry_created:${entry.id}`,
    userId: entry.userId,
    kind: 'time_entry_created',
    message: timeEntryCreatedMessage({
      durationSeconds: entry.durationSeconds,
      projectName: entry.projectName ?? undefined,
      clientName: entry.clientName ?? undefined,
      description: entry.description,
      date: localDateOf(entry.startedAt, entry.timeZone),
    }),
  });
}
