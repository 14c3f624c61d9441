import { AppError } from '@billops/core';
import { withAdvisoryLock, type BillingRounding, type TimeEntry, type Tx } from '@billops/db';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { assertAdmin } from '../organizations/permissions.ts';
import { lineAmountCents, MAX_INVOICE_TOTAL_CENTS } from './amounts.ts';
import { billedSeconds, roundingFor } from './rounding.ts';
import { LINES_IN_ORDER, type InvoiceWithLines } from './find-invoice.ts';
import { invoiceNumberingLockKey, nextInvoiceNumber } from './numbering.ts';

export type CreateInvoiceInput = {
  clientId: string;
  /** Entries that started at or after `from` … */
  from: Date;
  /** … and before `to` (exclusive). */
  to: Date;
};

/**
 * Drafts an invoice for a client from its unbilled, billable entries that started in [from, to):
 * one line per entry at its project's hourly rate, for the entry's duration rounded as the project
 * (else the organization) says; the line keeps the real duration beside the billed one. Entries without a project are billed at rate 0
 * (they appear on the invoice, so the time is visible and never billed twice, but add nothing;
 * give them a project first to charge for them). The currency is the projects' currency (the
 * client's for project-less entries); mixed currencies are a 409.
 *
 * Everything happens in one transaction holding the organization's numbering lock: the number is
 * the next free one, and entries are claimed with `UPDATE … WHERE invoice_id IS NULL`, so an entry
 * can never end up on two invoices even when requests race.
 */
export async function createInvoice(
  ctx: Pick<ServiceContext, 'prisma'>,
  actor: Actor,
  input: CreateInvoiceInput,
): Promise<InvoiceWithLines> {
  assertAdmin(actor, 'create invoices');
  if (input.from >= input.to) {
    throw new AppError('validation_failed', '`from` must be before `to`', { details: [{ path: 'to', message: 'must be after from' }] });
  }
  const client = await ctx.prisma.client.findFirst({ where: { id: input.clientId, organizationId: actor.organizationId } });
  if (!client) throw new AppError('not_found', 'Client not found', { reason: 'client_not_found' });

  return withAdvisoryLock(ctx.prisma, invoiceNumberingLockKey(actor.organizationId), async (tx) => {
    const invoice = await tx.invoice.create({
      data: {
        organizationId: actor.organizationId,
        clientId: client.id,
        number: await nextInvoiceNumber(tx, actor.organizationId),
        currency: client.currency,
        totalCents: 0,
        periodStart: input.from,
        periodEnd: input.to,
        createdById: actor.userId,
      },
    });
    const entries = await tx.timeEntry.updateManyAndReturn({
      where: {
        organizationId: actor.organizationId,
        clientId: client.id,
        billable: true,
        invoiceId: null,
        startedAt: { gte: input.from, lt: input.to },
      },
      data: { invoiceId: invoice.id },
    });
    if (entries.length === 0) {
      throw new AppError('conflict', 'The client has no unbilled billable time in this period', { reason: 'nothing_to_bill' });
    }
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { billingRounding: true },
    });
    const { lines, currency } = await priceEntries(tx, entries, client.currency, organization.billingRounding);
    const totalCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
    if (totalCents > MAX_INVOICE_TOTAL_CENTS) {
      throw new AppError('conflict', 'The invoice total is too large for one invoice; use a shorter period', { reason: 'total_too_large' });
    }
    await tx.invoiceLine.createMany({ data: lines.map((line) => ({ ...line, invoiceId: invoice.id })) });
    return tx.invoice.update({ where: { id: invoice.id }, data: { totalCents, currency }, include: { lines: LINES_IN_ORDER } });
  });
}

async function priceEntries(tx: Tx, entries: TimeEntry[], clientCurrency: string, organizationRounding: BillingRounding) {
  const projectIds = [...new Set(entries.flatMap((e) => (e.projectId ? [e.projectId] : [])))];
  const projects = new Map(
    (
      await tx.project.findMany({
        where: { id: { in: projectIds } },
        select: { id: true, name: true, hourlyRateCents: true, currency: true, billingRounding: true },
      })
    ).map((p) => [p.id, p]),
  );
  const currencies = new Set<string>();
  const lines = entries.map((entry) => {
    const project = entry.projectId ? projects.get(entry.projectId) : undefined;
    currencies.add(project?.currency ?? clientCurrency);
    const rateCents = project?.hourlyRateCents ?? 0;
    const billedDurationSeconds = billedSeconds(entry.durationSeconds, roundingFor(organizationRounding, project?.billingRounding));
    return {
      timeEntryId: entry.id,
      description: entry.description || project?.name || 'Time',
      durationSeconds: entry.durationSeconds,
      billedDurationSeconds,
      rateCents,
      amountCents: lineAmountCents(billedDurationSeconds, rateCents),
    };
  });
  if (currencies.size > 1) {
    throw new AppError(
      'conflict',
      `The entries are billed in more than one currency (${[...currencies].sort().join(', ')}); invoice them separately`,
      {
        reason: 'mixed_currencies',
        details: [...currencies].sort().map((c) => ({ message: 'currency in this period', currency: c })),
      },
    );
  }
  return { lines, currency: [...currencies][0] ?? clientCurrency };
}
