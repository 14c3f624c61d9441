import { AppError } from '@billops/core';
import { isRetryableFailure } from '../jobs/failures.ts';

/** Another sync of the same calendar holds it; the caller retries later (the queue does so on its own). */
export class SyncInProgressError extends AppError {
  constructor(calendarId: string) {
    super('conflict', `Calendar ${calendarId} is already syncing`, { reason: 'sync_in_progress' });
    this.name = 'SyncInProgressError';
  }
}

/**
 * Whether retrying a sync can help: rate limits, outages and a busy calendar can; a gone grant,
 * a missing calendar or a rejected request cannot (the job fails at once instead of backing off).
 */
export function isRetryableSyncError(error: unknown): boolean {
  return error instanceof SyncInProgressError || isRetryableFailure(error);
}
