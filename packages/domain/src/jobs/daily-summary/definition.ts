import { z } from 'zod';
import { defineJob } from '../definition.ts';

/** `notifications:daily_summary`: a user's day in one DM; without `userId`, the scheduler tick that finds whose local time has come. */
export const dailySummaryJob = defineJob({
  name: 'notifications:daily_summary',
  queue: 'notifications',
  payload: z.object({ userId: z.uuid().optional(), date: z.iso.date().optional() }),
  retry: { attempts: 5, backoffMs: 10_000 },
  keepCompleted: { count: 1000, ageSeconds: 3600 },
  callsSlack: true,
  schedules: [{ id: 'notifications:daily_summary', cron: 'DAILY_SUMMARY_CRON', payload: {} }],
});

/** One summary job per user and local date, however many ticks find it due. */
export const dailySummaryJobId = (userId: string, date: string): string => `daily-summary-${userId}-${date}`;
