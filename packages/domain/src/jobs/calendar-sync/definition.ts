import { z } from 'zod';
import { isRetryableSyncError } from '../../calendar/errors.ts';
import { defineJob } from '../definition.ts';

/** `calendar:sync`: one calendar through the sync engine. */
export const calendarSyncJob = defineJob({
  name: 'calendar:sync',
  queue: 'calendar',
  payload: z.object({
    calendarId: z.uuid(),
    /** `full` re-fetches the whole window (the daily pass, or after a 410). */
    mode: z.enum(['incremental', 'full']).default('incremental'),
    reason: z.enum(['manual', 'selected', 'scheduled', 'daily_full']).default('manual'),
    /** The user who asked (API-triggered syncs), so only they can read the job's status. */
    requestedBy: z.uuid().optional(),
  }),
  retry: { attempts: 5, backoffMs: 10_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  // Rate limits, outages and a busy calendar back off; a gone grant, a deleted calendar or a
  // rejected request fail at once.
  isRetryable: isRetryableSyncError,
});

/** The scheduled fan-out's id: one job per calendar, mode and schedule slot, so a second run in the slot adds nothing. */
export const calendarSyncJobId = (calendarId: string, mode: 'incremental' | 'full', slotStart: Date): string =>
  `calendar-sync-${calendarId}-${mode}-${slotStart.getTime()}`;

/**
 * The deduplication id shared by every producer of calendar syncs: one queued-or-running sync per
 * calendar. Not a job id (BullMQ keeps it under a key of its own), so its `:` is fine; changing it
 * would let a sync queued before an upgrade run twice.
 */
export const calendarSyncDedupId = (calendarId: string): string => `calendar-sync:${calendarId}`;
