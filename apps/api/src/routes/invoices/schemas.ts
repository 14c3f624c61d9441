import { z } from 'zod';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));
const status = z.enum(['draft', 'ready', 'sent', 'paid']);

export const createInvoiceBody = z.object({
  client_id: z.uuid(),
  from: instant.describe('Bill entries that started at or after this instant …'),
  to: instant.describe('… and before this one (exclusive)'),
});

export const listInvoicesQuery = z.object({
  status: status.optional(),
  client_id: z.uuid().optional(),
  cursor: z.string().max(500).optional().describe('The next_cursor of the previous page (opaque)'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size, 1-200 (default 50)'),
});

export const invoiceLineResponse = z.object({
  id: z.uuid(),
  time_entry_id: z.uuid(),
  description: z.string(),
  duration_seconds: z.number().int().describe("The entry's real duration"),
  billed_duration_seconds: z.number().int().describe('The duration billed, after the rounding in force when the invoice was drafted'),
  rate_cents: z.number().int(),
  amount_cents: z.number().int(),
});

export const invoiceResponse = z.object({
  id: z.uuid(),
  number: z.string(),
  client_id: z.uuid(),
  status,
  currency: z.string(),
  total_cents: z.number().int(),
  period_start: z.iso.datetime(),
  period_end: z.iso.datetime(),
  created_by_id: z.uuid().nullable(),
  ready_at: z.iso.datetime().nullable(),
  sent_at: z.iso.datetime().nullable(),
  paid_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});

export const invoiceWithLinesResponse = invoiceResponse.extend({ lines: z.array(invoiceLineResponse) });
export const invoicePageResponse = z.object({ data: z.array(invoiceResponse), next_cursor: z.string().nullable() });
