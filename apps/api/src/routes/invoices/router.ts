import {
  createInvoice,
  deleteDraftInvoice,
  getInvoice,
  listInvoices,
  markInvoicePaid,
  markInvoiceReady,
  markInvoiceSent,
} from '@billops/domain';
import type { Invoice, InvoiceLine } from '@billops/db';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { idParams } from '../clients/schemas.ts';
import { createInvoiceBody, invoicePageResponse, invoiceResponse, invoiceWithLinesResponse, listInvoicesQuery } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const invoiceJson = (i: Invoice) => ({
  id: i.id,
  number: i.number,
  client_id: i.clientId,
  status: i.status,
  currency: i.currency,
  total_cents: i.totalCents,
  period_start: i.periodStart.toISOString(),
  period_end: i.periodEnd.toISOString(),
  created_by_id: i.createdById,
  ready_at: iso(i.readyAt),
  sent_at: iso(i.sentAt),
  paid_at: iso(i.paidAt),
  created_at: i.createdAt.toISOString(),
  updated_at: i.updatedAt.toISOString(),
});

const lineJson = (l: InvoiceLine) => ({
  id: l.id,
  time_entry_id: l.timeEntryId,
  description: l.description,
  duration_seconds: l.durationSeconds,
  billed_duration_seconds: l.billedDurationSeconds,
  rate_cents: l.rateCents,
  amount_cents: l.amountCents,
});

const withLines = (i: Invoice & { lines: InvoiceLine[] }) => ({ ...invoiceJson(i), lines: i.lines.map(lineJson) });

/** Invoices (owners/admins only): draft → ready → sent → paid, forward one step at a time (else 409). */
export function invoiceRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'invoices';
  const idRoute = (path: string, summary: string) => ({
    method: 'post' as const,
    path: `/invoices/:id/${path}`,
    tag,
    summary,
    params: idParams,
    responses: { 200: invoiceResponse },
  });
  return router
    .route(
      {
        method: 'get',
        path: '/invoices',
        tag,
        summary: 'List invoices, newest first (cursor pagination)',
        query: listInvoicesQuery,
        responses: { 200: invoicePageResponse },
      },
      async ({ actor, query }) => {
        const page = await listInvoices(
          ctx,
          actor,
          { status: query.status, clientId: query.client_id },
          { cursor: query.cursor, limit: query.limit },
        );
        return { data: page.invoices.map(invoiceJson), next_cursor: page.nextCursor };
      },
    )
    .route(
      {
        method: 'post',
        path: '/invoices',
        tag,
        summary:
          'Draft an invoice for a client from its unbilled billable entries that started in [from, to): one line per entry, ' +
          'amount = duration × project hourly rate, half-up to cents; entries without a project are billed at rate 0. ' +
          "409 when there is nothing to bill or the entries' currencies differ.",
        body: createInvoiceBody,
        status: 201,
        responses: { 201: invoiceWithLinesResponse },
      },
      async ({ actor, body }) => withLines(await createInvoice(ctx, actor, { clientId: body.client_id, from: body.from, to: body.to })),
    )
    .route(
      {
        method: 'get',
        path: '/invoices/:id',
        tag,
        summary: 'Get an invoice with its lines',
        params: idParams,
        responses: { 200: invoiceWithLinesResponse },
      },
      async ({ actor, params }) => withLines(await getInvoice(ctx, actor, params.id)),
    )
    .route(idRoute('ready', 'Mark a draft ready (queues the "invoice ready" notification)'), async ({ actor, params }) =>
      invoiceJson(await markInvoiceReady(ctx, actor, params.id)),
    )
    .route(idRoute('sent', 'Mark a ready invoice sent'), async ({ actor, params }) =>
      invoiceJson(await markInvoiceSent(ctx, actor, params.id)),
    )
    .route(idRoute('paid', 'Mark a sent invoice paid'), async ({ actor, params }) =>
      invoiceJson(await markInvoicePaid(ctx, actor, params.id)),
    )
    .route(
      {
        method: 'delete',
        path: '/invoices/:id',
        tag,
        summary: 'Delete a draft invoice; its entries become unbilled again',
        params: idParams,
      },
      async ({ actor, params }) => {
        await deleteDraftInvoice(ctx, actor, params.id);
      },
    );
}
