import { UnrecoverableError } from 'bullmq';
import { isRetryableSyncError, syncCalendar, type SyncOptions } from '@billops/domain';
import type { WorkerConfig } from '../../config.ts';
import type { JobHandler } from '../registry.ts';

/** The sync engine's settings from worker config (also used by anything else that runs syncs in the worker). */
export const syncOptionsFrom = (config: WorkerConfig): Omit<SyncOptions, 'mode'> => ({
  windowPastDays: config.CALENDAR_SYNC_PAST_DAYS,
  windowFutureDays: config.CALENDAR_SYNC_FUTURE_DAYS,
  retry: { attempts: config.PROVIDER_RETRY_ATTEMPTS, baseDelayMs: config.PROVIDER_RETRY_BASE_DELAY_MS },
});

/**
 * `calendar:sync`: one calendar through the sync engine; the counts are the job's result.
 * Rate limits, outages and a busy calendar are rethrown so BullMQ backs off and retries; a gone
 * grant, a deleted calendar or a rejected request fail the job at once (retrying cannot help).
 */
export const calendarSyncHandler: JobHandler<'calendarSync'> = async (ctx, payload, job) => {
  let result: Awaited<ReturnType<typeof syncCalendar>>;
  try {
    // The job id as claim id: a re-delivery of this job after its worker died resumes at once.
    result = await syncCalendar(ctx, payload.calendarId, { ...syncOptionsFrom(ctx.config), mode: payload.mode, claimId: job.id });
  } catch (error) {
    if (isRetryableSyncError(error)) throw error;
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
  // Rules with auto-convert act on what the sync brought, in a job of their own: this job ends with
  // the sync, so a "sync now" that joins it never waits on (or is missed behind) the conversion.
  // One pending conversion per calendar covers every sync before it starts.
  try {
    await ctx.queues.enqueue(
      'reviewAutoConvert',
      { calendarId: payload.calendarId },
      { deduplication: { id: `review-auto-convert-${payload.calendarId}` } },
    );
  } catch (error) {
    ctx.logger.error(
      { err: error, calendarId: payload.calendarId },
      'could not queue the auto-convert after a sync; the next sync queues it again',
    );
  }
  return result;
};
