import { Prisma, queryRows, type Tx } from '@billops/db';
import { formatInvoiceNumber } from './amounts.ts';

/** The advisory-lock key that serializes invoice creation within one organization. */
export const invoiceNumberingLockKey = (organizationId: string): string => `invoice-numbering:${organizationId}`;

/**
 * The next number for the organization. Must run inside the organization's numbering lock, so two
 * concurrent creations cannot read the same maximum (the unique index is the last line of defence).
 * Numeric max, not string max, so INV-10000 follows INV-9999.
 */
export async function nextInvoiceNumber(tx: Tx, organizationId: string): Promise<string> {
  const rows = await queryRows<{ max: number | null }>(
    tx,
    Prisma.sql`
    SELECT MAX(CAST(substring(number FROM 5) AS integer)) AS max
    FROM invoices
    WHERE organization_id = ${organizationId}::uuid AND number ~ '^INV-[0-9]+$'`,
  );
  return formatInvoiceNumber((rows[0]?.max ?? 0) + 1);
}
