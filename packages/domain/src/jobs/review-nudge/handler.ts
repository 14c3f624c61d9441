import { findDueReviewNudges, sendReviewNudge } from '../../review/nudge.ts';
import type { HandlerFor } from '../definition.ts';
import { reviewNudgeJobId, type reviewNudgeJob } from './definition.ts';

/** Like dailySummary: one job per due user and local date, each sending that day's nudge at most once. */
export const reviewNudgeHandler: HandlerFor<typeof reviewNudgeJob> = async (ctx, payload) => {
  if (payload.userId) return sendReviewNudge(ctx, { userId: payload.userId, date: payload.date });
  const due = await findDueReviewNudges(ctx);
  if (due.length > 0) {
    await ctx.queues.enqueueBulk(
      'reviewNudge',
      due.map((d) => ({ payload: { userId: d.userId, date: d.date }, options: { jobId: reviewNudgeJobId(d.userId, d.date) } })),
    );
  }
  return { enqueued: due.length };
};
