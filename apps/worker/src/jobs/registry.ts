import type { Job } from 'bullmq';
import type { JobKey, ParsedJobPayload } from '@billops/queue';
import type { WorkerContext } from '../context.ts';
import { calendarSyncHandler } from './calendar-sync/handler.ts';
import {
  dailySummaryHandler,
  notifyInvoiceReadyHandler,
  reviewNudgeHandler,
  notifyReauthRequiredHandler,
  notifyTimeEntryCreatedHandler,
  slackResponseHandler,
  slackTimeCommandHandler,
} from './notifications/handlers.ts';
import { reaperHandler } from './reaper/handler.ts';
import { reviewAutoConvertHandler } from './review-auto-convert/handler.ts';
import { reconcileHandler } from './reconcile/handler.ts';
import { refreshAccountTokenHandler, refreshTokensHandler } from './refresh-tokens/handler.ts';
import { stopStaleTimersHandler } from './stop-stale-timers/handler.ts';
import { syncAllHandler } from './sync-all/handler.ts';

export type JobHandler<K extends JobKey> = (ctx: WorkerContext, payload: ParsedJobPayload<K>, job: Job) => Promise<unknown>;

/**
 * Handlers by catalog key, each in jobs/<folder>/handler.ts (the notification jobs share
 * jobs/notifications/handlers.ts); a job type without one fails unrecoverably.
 */
export type HandlerRegistry = { [K in JobKey]?: JobHandler<K> };

export const HANDLERS: HandlerRegistry = {
  calendarSync: calendarSyncHandler,
  notifyTimeEntryCreated: notifyTimeEntryCreatedHandler,
  notifyInvoiceReady: notifyInvoiceReadyHandler,
  notifyReauthRequired: notifyReauthRequiredHandler,
  dailySummary: dailySummaryHandler,
  reviewNudge: reviewNudgeHandler,
  slackResponse: slackResponseHandler,
  slackTimeCommand: slackTimeCommandHandler,
  calendarSyncAll: syncAllHandler,
  reapStuckSyncs: reaperHandler,
  reviewAutoConvert: reviewAutoConvertHandler,
  reconcileDeliveries: reconcileHandler,
  refreshTokens: refreshTokensHandler,
  refreshAccountToken: refreshAccountTokenHandler,
  stopStaleTimers: stopStaleTimersHandler,
};
