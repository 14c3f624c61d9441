import type { CatalogKey, CatalogPayload, ParsedCatalogPayload } from '@billops/queue';
import { calendarSyncAllJob } from './calendar-sync-all/definition.ts';
import { calendarSyncJob } from './calendar-sync/definition.ts';
import { dailySummaryJob } from './daily-summary/definition.ts';
import { notifyInvoiceReadyJob } from './notify-invoice-ready/definition.ts';
import { notifyReauthRequiredJob } from './notify-reauth-required/definition.ts';
import { notifyTimeEntryCreatedJob } from './notify-time-entry-created/definition.ts';
import { reapStuckSyncsJob } from './reap-stuck-syncs/definition.ts';
import { reconcileDeliveriesJob } from './reconcile-deliveries/definition.ts';
import { refreshAccountTokenJob } from './refresh-account-token/definition.ts';
import { refreshTokensJob } from './refresh-tokens/definition.ts';
import { reviewAutoConvertJob } from './review-auto-convert/definition.ts';
import { reviewNudgeJob } from './review-nudge/definition.ts';
import { slackResponseJob } from './slack-response/definition.ts';
import { slackTimeCommandJob } from './slack-time-command/definition.ts';
import { stopStaleTimersJob } from './stop-stale-timers/definition.ts';

/**
 * The job catalog: every job type by key, each defined in jobs/<job>/definition.ts. The key is what
 * producers name (`recordJob(tx, 'notifyInvoiceReady', …)`) and what the outbox stores, so a key
 * stays as long as rows or jobs may carry it.
 */
export const JOBS = {
  calendarSync: calendarSyncJob,
  calendarSyncAll: calendarSyncAllJob,
  refreshTokens: refreshTokensJob,
  refreshAccountToken: refreshAccountTokenJob,
  notifyTimeEntryCreated: notifyTimeEntryCreatedJob,
  notifyInvoiceReady: notifyInvoiceReadyJob,
  notifyReauthRequired: notifyReauthRequiredJob,
  dailySummary: dailySummaryJob,
  reviewNudge: reviewNudgeJob,
  slackResponse: slackResponseJob,
  slackTimeCommand: slackTimeCommandJob,
  stopStaleTimers: stopStaleTimersJob,
  reviewAutoConvert: reviewAutoConvertJob,
  reapStuckSyncs: reapStuckSyncsJob,
  reconcileDeliveries: reconcileDeliveriesJob,
};

export type Jobs = typeof JOBS;
export type JobKey = CatalogKey<Jobs>;
export type JobPayload<K extends JobKey> = CatalogPayload<Jobs, K>;
export type ParsedJobPayload<K extends JobKey> = ParsedCatalogPayload<Jobs, K>;

const byName = new Map<string, JobKey>(Object.entries(JOBS).map(([key, job]) => [job.name, key as JobKey]));

/** Finds the catalog entry for a job name as it arrives at a worker. */
export function jobKeyForName(name: string): JobKey | undefined {
  return byName.get(name);
}
