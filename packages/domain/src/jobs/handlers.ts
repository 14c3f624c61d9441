import type { JobKey, ParsedJobPayload } from './catalog.ts';
import { calendarSyncAllHandler } from './calendar-sync-all/handler.ts';
import { calendarSyncHandler } from './calendar-sync/handler.ts';
import { dailySummaryHandler } from './daily-summary/handler.ts';
import type { JobHandler } from './definition.ts';
import { notifyInvoiceReadyHandler } from './notify-invoice-ready/handler.ts';
import { notifyReauthRequiredHandler } from './notify-reauth-required/handler.ts';
import { notifyTimeEntryCreatedHandler } from './notify-time-entry-created/handler.ts';
import { reapStuckSyncsHandler } from './reap-stuck-syncs/handler.ts';
import { reconcileDeliveriesHandler } from './reconcile-deliveries/handler.ts';
import { refreshAccountTokenHandler } from './refresh-account-token/handler.ts';
import { refreshTokensHandler } from './refresh-tokens/handler.ts';
import { reviewAutoConvertHandler } from './review-auto-convert/handler.ts';
import { reviewNudgeHandler } from './review-nudge/handler.ts';
import { slackResponseHandler } from './slack-response/handler.ts';
import { slackTimeCommandHandler } from './slack-time-command/handler.ts';
import { stopStaleTimersHandler } from './stop-stale-timers/handler.ts';

export type JobHandlers = { [K in JobKey]: JobHandler<ParsedJobPayload<K>> };

/**
 * Every job's handler, from jobs/<job>/handler.ts: the worker runs these. Kept apart from the
 * catalog, which producers import, so enqueueing never loads the use cases behind the handlers.
 */
export const JOB_HANDLERS: JobHandlers = {
  calendarSync: calendarSyncHandler,
  calendarSyncAll: calendarSyncAllHandler,
  refreshTokens: refreshTokensHandler,
  refreshAccountToken: refreshAccountTokenHandler,
  notifyTimeEntryCreated: notifyTimeEntryCreatedHandler,
  notifyInvoiceReady: notifyInvoiceReadyHandler,
  notifyReauthRequired: notifyReauthRequiredHandler,
  dailySummary: dailySummaryHandler,
  reviewNudge: reviewNudgeHandler,
  slackResponse: slackResponseHandler,
  slackTimeCommand: slackTimeCommandHandler,
  stopStaleTimers: stopStaleTimersHandler,
  reviewAutoConvert: reviewAutoConvertHandler,
  reapStuckSyncs: reapStuckSyncsHandler,
  reconcileDeliveries: reconcileDeliveriesHandler,
};
