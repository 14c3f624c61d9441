import { notifyInvoiceReady } from '../../notifications/notify-invoice-ready.ts';
import type { HandlerFor } from '../definition.ts';
import type { notifyInvoiceReadyJob } from './definition.ts';

export const notifyInvoiceReadyHandler: HandlerFor<typeof notifyInvoiceReadyJob> = (ctx, payload) =>
  notifyInvoiceReady(ctx, payload.invoiceId);
