import { findDueDailySummaries, sendDailySummary } from '../../notifications/daily-summary.ts';
import type { HandlerFor } from '../definition.ts';
import { dailySummaryJobId, type dailySummaryJob } from './definition.ts';

/**
 * With a userId: send that user's summary (for `date`, or their local today) exactly once. Without:
 * the scheduler tick, which enqueues one job per due user, deduplicated per user and local date.
 */
export const dailySummaryHandler: HandlerFor<typeof dailySummaryJob> = async (ctx, payload) => {
  if (payload.userId) return sendDailySummary(ctx, { userId: payload.userId, date: payload.date });
  const due = await findDueDailySummaries(ctx);
  if (due.length > 0) {
    await ctx.queues.enqueueBulk(
      'dailySummary',
      due.map((d) => ({ payload: { userId: d.userId, date: d.date }, options: { jobId: dailySummaryJobId(d.userId, d.date) } })),
    );
  }
  return { enqueued: due.length };
};
