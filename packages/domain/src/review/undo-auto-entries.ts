import { executeStatement, Prisma, withTransaction } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';

export type UndoOutcome =
  { entryId: string; status: 'undone'; eventId: string | null } | { entryId: string; status: 'refused'; reason: string; message: string };

/**
 * Takes back entries an auto-convert rule made: deletes each (unless invoiced) and dismisses its
 * meeting, so the next sync does not convert it again. Restoring the meeting offers it once more.
 */
export async function undoAutoEntries(ctx: Pick<ServiceContext, 'prisma'>, actor: Actor, entryIds: string[]): Promise<UndoOutcome[]> {
  const outcomes: UndoOutcome[] = [];
  for (const entryId of [...new Set(entryIds)]) {
    const entry = await ctx.prisma.timeEntry.findFirst({
      where: { id: entryId, userId: actor.userId, organizationId: actor.organizationId },
      include: { calendarEvents: true },
    });
    if (!entry) {
      outcomes.push({ entryId, status: 'refused', reason: 'not_found', message: 'No such time entry of yours' });
      continue;
    }
    if (!entry.auto) {
      outcomes.push({ entryId, status: 'refused', reason: 'not_auto', message: 'This entry was logged by hand; delete it instead' });
      continue;
    }
    const event = entry.calendarEvents[0];
    // Delete first: an entry an invoice claimed meanwhile is left alone, and so is its meeting.
    const deleted = await withTransaction(ctx.prisma, async (tx) => {
      const { count } = await tx.timeEntry.deleteMany({ where: { id: entry.id, invoiceId: null } });
      if (count > 0 && event) {
        await executeStatement(
          tx,
          Prisma.sql`
          INSERT INTO review_dismissals (id, user_id, calendar_id, provider_event_id, created_at)
          VALUES (gen_random_uuid(), ${actor.userId}::uuid, ${event.calendarId}::uuid, ${event.providerEventId}, now())
          ON CONFLICT (calendar_id, provider_event_id) DO NOTHING`,
        );
      }
      return count;
    });
    outcomes.push(
      deleted === 0
        ? { entryId, status: 'refused', reason: 'invoiced', message: 'The entry is on an invoice' }
        : { entryId, status: 'undone', eventId: event?.id ?? null },
    );
  }
  return outcomes;
}
