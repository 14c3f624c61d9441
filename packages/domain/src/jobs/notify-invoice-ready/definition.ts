import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `notification:invoice_ready`: the "invoice ready" DM to the organization's owners and admins and its author. */
export const notifyInvoiceReadyJob = defineJob({
  name: 'notification:invoice_ready',
  queue: 'notifications',
  payload: z.object({ invoiceId: z.uuid() }),
  retry: { attempts: 8, backoffMs: 5_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  callsSlack: true,
});

/** The start of the job id, for SQL that builds it (the reconciler). */
export const INVOICE_READY_JOB_ID_PREFIX = 'invoice-ready-';

/** One "invoice ready" message per invoice, however often it is recorded. */
export const invoiceReadyJobId = (invoiceId: string): string => `${INVOICE_READY_JOB_ID_PREFIX}${invoiceId}`;
