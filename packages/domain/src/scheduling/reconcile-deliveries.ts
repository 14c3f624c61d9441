import { Prisma, executeStatement } from '@billops/db';
import type { ServiceContext } from '../context.ts';
import { INVOICE_READY_JOB_ID_PREFIX } from '../jobs/notify-invoice-ready/definition.ts';
import { TIME_ENTRY_CREATED_JOB_ID_PREFIX } from '../jobs/notify-time-entry-created/definition.ts';

export type ReconcileInput = {
  /** Work younger than this may still be on its way: left alone. */
  olderThanMs: number;
  /** Work older than this is not looked at (and the outbox keeps its once-only keys longer). */
  horizonMs: number;
  /** Relayed outbox rows older than this are deleted. */
  outboxRetentionMs: number;
};

/**
 * Repairs what Redis lost (a restart without persistence, a flush): finds work whose delivery never
 * happened and records its job in the outbox again, once per item ever (the outbox's dedupe key),
 * under a job id of its own so a job Redis still holds, or remembers as failed, does not swallow it.
 * If the original job does run after all, the notification's own dedupe key keeps it to one message.
 * - time entries with no delivery row for a user who wants the DM;
 * - `ready` invoices with no delivery row for any of the people they are announced to.
 */
export async function reconcileDeliveries(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  input: ReconcileInput,
): Promise<{ timeEntries: number; invoices: number; outboxPruned: number }> {
  const now = ctx.now().getTime();
  const before = new Date(now - input.olderThanMs);
  const after = new Date(now - input.horizonMs);
  const timeEntries = await executeStatement(
    ctx.prisma,
    Prisma.sql`
    INSERT INTO job_outbox (job_key, payload, options, dedupe_key)
    SELECT 'notifyTimeEntryCreated', jsonb_build_object('timeEntryId', e.id),
           jsonb_build_object('jobId', ${TIME_ENTRY_CREATED_JOB_ID_PREFIX}::text || e.id || '-reconciled'),
           'reconcile-time-entry-created-' || e.id
    FROM time_entries e
    WHERE e.created_at >= ${after} AND e.created_at < ${before}
      AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.dedupe_key = 'time_entry_created:' || e.id)
      AND EXISTS (
        SELECT 1 FROM slack_user_bindings b JOIN slack_integrations w ON w.id = b.slack_integration_id
        WHERE b.user_id = e.user_id AND w.organization_id = e.organization_id AND w.is_active AND w.notifications_enabled
          AND b.notify_time_entry_created)
    ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const invoices = await executeStatement(
    ctx.prisma,
    Prisma.sql`
    INSERT INTO job_outbox (job_key, payload, options, dedupe_key)
    SELECT 'notifyInvoiceReady', jsonb_build_object('invoiceId', i.id),
           jsonb_build_object('jobId', ${INVOICE_READY_JOB_ID_PREFIX}::text || i.id || '-reconciled'),
           'reconcile-invoice-ready-' || i.id
    FROM invoices i
    WHERE i.status = 'ready' AND i.ready_at >= ${after} AND i.ready_at < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM memberships m JOIN notification_deliveries d ON d.dedupe_key = 'invoice_ready:' || i.id || ':' || m.user_id
        WHERE m.organization_id = i.organization_id AND (m.role IN ('owner', 'admin') OR m.user_id = i.created_by_id))
    ON CONFLICT (dedupe_key) DO NOTHING`,
  );
  const outboxPruned = await executeStatement(
    ctx.prisma,
    Prisma.sql`DELETE FROM job_outbox WHERE relayed_at < ${new Date(now - input.outboxRetentionMs)}`,
  );
  return { timeEntries, invoices, outboxPruned };
}
