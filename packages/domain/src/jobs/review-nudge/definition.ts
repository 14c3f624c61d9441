import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `notifications:review_nudge`: the daily Slack nudge about meetings waiting in the review inbox; without `userId`, the scheduler tick. */
export const reviewNudgeJob = defineJob({
  name: 'notifications:review_nudge',
  queue: 'notifications',
  payload: z.object({ userId: z.uuid().optional(), date: z.iso.date().optional() }),
  retry: { attempts: 5, backoffMs: 10_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  callsSlack: true,
  schedules: [{ id: 'notifications:review_nudge', cron: 'REVIEW_NUDGE_CRON', payload: {} }],
});

/** One nudge job per user and local date, however many ticks find it due. */
export const reviewNudgeJobId = (userId: string, date: string): string => `review-nudge-${userId}-${date}`;
