import { syncCalendar, type SyncOptions } from '../../calendar/sync/sync-calendar.ts';
import type { HandlerFor, JobSettings } from '../definition.ts';
import { reviewAutoConvertDedupId } from '../review-auto-convert/definition.ts';
import type { calendarSyncJob } from './definition.ts';

/** The sync engine's settings from the worker's config. */
export const syncOptionsFrom = (config: JobSettings): Omit<SyncOptions, 'mode'> => ({
  windowPastDays: config.CALENDAR_SYNC_PAST_DAYS,
  windowFutureDays: config.CALENDAR_SYNC_FUTURE_DAYS,
  retry: { attempts: config.PROVIDER_RETRY_ATTEMPTS, baseDelayMs: config.PROVIDER_RETRY_BASE_DELAY_MS },
});

/** `calendar:sync`: one calendar through the sync engine; the counts are the job's result. */
export const calendarSyncHandler: HandlerFor<typeof calendarSyncJob> = async (ctx, payload, job) => {
  // The job id as claim id: a re-delivery of this job after its worker died resumes at once.
  const result = await syncCalendar(ctx, payload.calendarId, { ...syncOptionsFrom(ctx.config), mode: payload.mode, claimId: job.id });
  // Rules with auto-convert act on what the sync brought, in a job of their own: this job ends with
  // the sync, so a "sync now" that joins it never waits on (or is missed behind) the conversion.
  // One pending conversion per calendar covers every sync before it starts.
  try {
    await ctx.queues.enqueue(
      'reviewAutoConvert',
      { calendarId: payload.calendarId },
      { deduplication: { id: reviewAutoConvertDedupId(payload.calendarId) } },
    );
  } catch (error) {
    ctx.logger.error(
      { err: error, calendarId: payload.calendarId },
      'could not queue the auto-convert after a sync; the next sync queues it again',
    );
  }
  return result;
};
