import { AppError } from '@billops/core';
import { reauthRequired, requestCalendarSync, type SyncCounts } from '@billops/domain';
import { JOBS } from '@billops/queue';
import type { RouteContext } from '../../../context.ts';

export const syncCountsJson = (counts: Partial<SyncCounts> | null | undefined) => ({
  events_synced: counts?.eventsSynced ?? 0,
  new_events: counts?.newEvents ?? 0,
  updated_events: counts?.updatedEvents ?? 0,
  deleted_events: counts?.deletedEvents ?? 0,
});

export type SyncOutcome = { finished: true; body: Record<string, unknown> } | { finished: false; body: { status: 'queued' | 'running'; job_id: string } };

/**
 * Requests a sync (a new job, or the calendar's queued or running one) and waits up to
 * SYNC_WAIT_MS for it: finished → its counts; still going → the job id to poll.
 */
export async function requestSync(ctx: RouteContext, input: { calendarId: string; userId: string }): Promise<SyncOutcome> {
  const waitMs = ctx.config.SYNC_WAIT_MS;
  // Listening starts before the job exists, so a fast job's completion cannot be missed.
  const events = waitMs > 0 ? ctx.queues.events(JOBS.calendarSync.queue) : undefined;
  try {
    if (events) await events.waitUntilReady();
    const job = await requestCalendarSync(ctx, input);
    if (events) {
      try {
        const result = (await job.waitUntilFinished(events, waitMs)) as Partial<SyncCounts> | undefined;
        return { finished: true, body: { status: 'success', ...syncCountsJson(result) } };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!/timed out before finishing/.test(message)) {
          // The run found the grant gone (revoked consent, disabled account): the refresher paused the
          // calendar, and the caller must reconnect — a 409 reauth_required, not an upstream 502.
          const calendar = await ctx.prisma.calendarIntegration.findUnique({ where: { id: input.calendarId }, select: { syncStatus: true, provider: true } });
          if (calendar?.syncStatus === 'paused') throw reauthRequired(calendar.provider);
          throw new AppError('provider_error', `Calendar sync failed: ${message}`, { reason: 'sync_failed' });
        }
      }
    }
    const state = await ctx.queues.queues.calendar.getJobState(job.id!);
    return { finished: false, body: { status: state === 'active' ? 'running' : 'queued', job_id: job.id! } };
  } finally {
    await events?.close();
  }
}
