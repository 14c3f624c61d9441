import { AppError } from '@billops/core';
import {
  JOBS,
  outboxJobId,
  reauthRequired,
  relaySyncRequest,
  requestCalendarSync,
  type SyncCounts,
  type SyncResult,
} from '@billops/domain';
import type { QueueEvents } from '@billops/queue';
import type { RouteContext } from '../../../context.ts';

export const syncCountsJson = (counts: Partial<SyncCounts> | null | undefined) => ({
  events_synced: counts?.eventsSynced ?? 0,
  new_events: counts?.newEvents ?? 0,
  updated_events: counts?.updatedEvents ?? 0,
  deleted_events: counts?.deletedEvents ?? 0,
});

export type SyncOutcome =
  { finished: true; body: Record<string, unknown> } | { finished: false; body: { status: 'queued' | 'running'; job_id: string } };

const TIMED_OUT = Symbol('timed out');

/** The "small margin" past SYNC_WAIT_MS: how long a request may wait for Redis to take its job. */
const RELAY_ALLOWANCE_MS = 1_000;

/** `promise`, or TIMED_OUT once `ms` have passed (the promise carries on; its failure is ignored). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms))));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A per-request listener is let go without waiting: closing politely needs Redis, which may be away. */
function release(events: QueueEvents): void {
  void within(events.close(), 1_000)
    .then((outcome) => (outcome === TIMED_OUT ? events.disconnect() : undefined))
    .catch(() => undefined);
}

/**
 * Requests a sync (a new job, or the calendar's queued or running one) and waits up to
 * SYNC_WAIT_MS for it: finished → its counts; still going, or Redis away → the job id to poll.
 * Every wait on Redis is inside that budget (or the relay's one-second allowance, if longer), so the
 * answer comes within SYNC_WAIT_MS + 1 s plus the time PostgreSQL takes (itself bounded), whatever is down.
 */
export async function requestSync(ctx: RouteContext, input: { calendarId: string; userId: string }): Promise<SyncOutcome> {
  const deadline = Date.now() + ctx.config.SYNC_WAIT_MS;
  const remaining = () => deadline - Date.now();
  // Listening starts before the job exists, so a fast job's completion cannot be missed.
  const events = ctx.config.SYNC_WAIT_MS > 0 ? ctx.queues.events(JOBS.calendarSync.queue) : undefined;
  const listening = events?.waitUntilReady();
  try {
    // A run this request joined may have written its last page just before the request was
    // counted: then it did not cover it, and the request asks again (while time remains).
    for (let attempt = 0; ; attempt += 1) {
      // PostgreSQL's own timeouts bound this step (a 503 if it is away).
      const { rowId, requestNumber } = await requestCalendarSync(ctx, input);
      // Handing the job to Redis gets a short allowance of its own, so a request that waits for nothing still gets its job id.
      const request = await within(
        relaySyncRequest(ctx, { rowId, calendarId: input.calendarId }),
        Math.max(remaining(), RELAY_ALLOWANCE_MS),
      );
      // Redis too slow to take the job now: it is committed in the outbox and will run.
      if (request === TIMED_OUT) return queued('queued', outboxJobId({ id: rowId, options: {} }));
      const { job, jobId } = request;
      if (!job) return queued('queued', jobId);
      if (events && listening && (await within(listening, remaining())) !== TIMED_OUT) {
        try {
          const result = await within(
            job.waitUntilFinished(events, Math.max(1, remaining())) as Promise<Partial<SyncResult> | undefined>,
            remaining() + 100,
          );
          if (result !== TIMED_OUT) {
            const covered = typeof result?.requestsCovered !== 'number' || result.requestsCovered >= requestNumber;
            if (covered || attempt >= 2 || remaining() <= 0)
              return { finished: true, body: { status: 'success', ...syncCountsJson(result) } };
            continue;
          }
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (!/timed out before finishing/.test(message)) {
            // The run found the grant gone (revoked consent, disabled account): the refresher paused the
            // calendar, and the caller must reconnect — a 409 reauth_required, not an upstream 502.
            const calendar = await ctx.prisma.calendarIntegration.findUnique({
              where: { id: input.calendarId },
              select: { syncStatus: true, provider: true },
            });
            if (calendar?.syncStatus === 'paused') throw reauthRequired(calendar.provider);
            throw new AppError('provider_error', `Calendar sync failed: ${message}`, { reason: 'sync_failed' });
          }
        }
      }
      const state = await within(job.getState(), 500).catch(() => TIMED_OUT);
      return queued(state === 'active' ? 'running' : 'queued', jobId);
    }
  } finally {
    if (events) release(events);
  }
}

const queued = (status: 'queued' | 'running', jobId: string): SyncOutcome => ({ finished: false, body: { status, job_id: jobId } });
