import { UnrecoverableError } from 'bullmq';
import { autoConvertMeetings, isRetryableSyncError, syncCalendar, type SyncOptions } from '@billops/domain';
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
  // Rules with auto-convert act on what the sync brought. The sync itself is done: a failure here
  // is logged, not retried, and the next sync tries again.
  try {
    return { ...result, autoConverted: (await autoConvertMeetings(ctx, payload.calendarId)).converted };
  } catch (error) {
    ctx.logger.error({ err: error, calendarId: payload.calendarId }, 'auto-convert after sync failed');
    return result;
  }
};
