/** Largest total an invoice can hold (the column is a 32-bit integer of cents). */
export const MAX_INVOICE_TOTAL_CENTS = 2_147_483_647;

/**
 * A line's amount: duration × hourly rate / 3600, rounded half-up to whole cents, in integer math
 * (durations ≤ 86,400 s and rates ≤ 10^7 cents keep the product far below 2^53, so it is exact).
 */
export function lineAmountCents(durationSeconds: number, hourlyRateCents: number): number {
  if (!Number.isInteger(durationSeconds) || !Number.isInteger(hourlyRateCents) || durationSeconds < 0 || hourlyRateCents < 0) {
    throw new RangeError('duration and rate must be non-negative integers');
  }
  return Math.floor((durationSeconds * hourlyRateCents + 1800) / 3600);
}

const NUMBER_PATTERN = /^INV-(\d+)$/;

/** `INV-0001`, `INV-0002`, … (grows past four digits rather than wrapping). */
export const formatInvoiceNumber = (sequence: number): string => `INV-${String(sequence).padStart(4, '0')}`;

export function parseInvoiceNumber(number: string): number | undefined {
  const match = NUMBER_PATTERN.exec(number);
  return match?.[1] ? Number(match[1]) : undefined;
}
