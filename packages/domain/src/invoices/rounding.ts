import type { BillingRounding } from '@billops/db';

export const BILLING_ROUNDINGS = [
  'none',
  'up_6',
  'up_15',
  'up_30',
  'nearest_6',
  'nearest_15',
  'nearest_30',
] as const satisfies readonly BillingRounding[];

/**
 * The duration an invoice line bills for an entry: unchanged (`none`), rounded up to the next
 * multiple of 6, 15 or 30 minutes (`up_*`), or to the nearest multiple, halves up (`nearest_*`).
 * A nearest rounding never bills a non-zero entry as zero: it bills at least one step.
 */
export function billedSeconds(durationSeconds: number, rounding: BillingRounding): number {
  if (rounding === 'none' || durationSeconds <= 0) return durationSeconds;
  const [mode, minutes] = rounding.split('_') as ['up' | 'nearest', string];
  const step = Number(minutes) * 60;
  const steps = mode === 'up' ? Math.ceil(durationSeconds / step) : Math.max(1, Math.floor((durationSeconds + step / 2) / step));
  return steps * step;
}

/** A project's own rounding wins over its organization's. */
export const roundingFor = (organization: BillingRounding, project: BillingRounding | null | undefined): BillingRounding =>
  project ?? organization;
