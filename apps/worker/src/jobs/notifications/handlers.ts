import {
  findDueDailySummaries,
  findDueReviewNudges,
  handleTimeCommand,
  notifyInvoiceReady,
  notifyReauthRequired,
  notifyTimeEntryCreated,
  sendDailySummary,
  sendReviewNudge,
} from '@billops/domain';
import type { JobHandler } from '../registry.ts';
import { withSlackRateLimit } from './slack-rate-limit.ts';

export const notifyTimeEntryCreatedHandler: JobHandler<'notifyTimeEntryCreated'> = (ctx, payload) =>
  withSlackRateLimit(ctx, 'notifications', () => notifyTimeEntryCreated(ctx, payload.timeEntryId));

export const notifyInvoiceReadyHandler: JobHandler<'notifyInvoiceReady'> = (ctx, payload) =>
  withSlackRateLimit(ctx, 'notifications', () => notifyInvoiceReady(ctx, payload.invoiceId));

/** The job id tells one re-auth episode from the next (producers dedupe per episode). */
export const notifyReauthRequiredHandler: JobHandler<'notifyReauthRequired'> = (ctx, payload, job) =>
  withSlackRateLimit(ctx, 'notifications', () =>
    notifyReauthRequired(ctx, { oauthAccountId: payload.oauthAccountId, occurrence: job.id ?? job.timestamp.toString() }),
  );

/**
 * With a userId: send that user's summary (for `date`, or their local today) exactly once. Without:
 * the scheduler tick, which enqueues one job per due user, deduplicated per user and local date.
 */
export const dailySummaryHandler: JobHandler<'dailySummary'> = async (ctx, payload) => {
  if (payload.userId) {
    const userId = payload.userId;
    return withSlackRateLimit(ctx, 'notifications', () => sendDailySummary(ctx, { userId, date: payload.date }));
  }
  const due = await findDueDailySummaries(ctx);
  if (due.length > 0) {
    await ctx.queues.enqueueBulk(
      'dailySummary',
      due.map((d) => ({ payload: { userId: d.userId, date: d.date }, options: { jobId: `daily-summary-${d.userId}-${d.date}` } })),
    );
  }
  return { enqueued: due.length };
};

/** Like dailySummary: one job per due user and local date, each sending that day's nudge at most once. */
export const reviewNudgeHandler: JobHandler<'reviewNudge'> = async (ctx, payload) => {
  if (payload.userId) {
    const userId = payload.userId;
    return withSlackRateLimit(ctx, 'notifications', () => sendReviewNudge(ctx, { userId, date: payload.date }));
  }
  const due = await findDueReviewNudges(ctx);
  if (due.length > 0) {
    await ctx.queues.enqueueBulk(
      'reviewNudge',
      due.map((d) => ({ payload: { userId: d.userId, date: d.date }, options: { jobId: `review-nudge-${d.userId}-${d.date}` } })),
    );
  }
  return { enqueued: due.length };
};

/** Follow-ups to a slash command or interaction through its response_url (valid 30 minutes, 5 uses). */
export const slackResponseHandler: JobHandler<'slackResponse'> = async (ctx, payload) => {
  await withSlackRateLimit(ctx, 'notifications', () =>
    ctx.providers.slack.respond(payload.responseUrl, {
      text: payload.text,
      response_type: 'ephemeral',
      ...(payload.blocks ? { blocks: payload.blocks } : {}),
      ...(payload.replaceOriginal ? { replace_original: true } : {}),
    }),
  );
  return { posted: true };
};

/**
 * A `/time` from a Slack user who was not linked yet: link them by email (users.info), run the
 * command and answer on its response_url. Idempotent on the trigger, so a retry after the entry was
 * created answers the same thing again without a second entry.
 */
export const slackTimeCommandHandler: JobHandler<'slackTimeCommand'> = async (ctx, payload) => {
  const { reply } = await withSlackRateLimit(ctx, 'notifications', () => handleTimeCommand(ctx, payload, { mode: 'job' }));
  if (reply) await withSlackRateLimit(ctx, 'notifications', () => ctx.providers.slack.respond(payload.responseUrl, { ...reply }));
  return { answered: true };
};
