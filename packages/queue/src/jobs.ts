import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

/** Every BullMQ queue of the product. Producers and consumers both use these names. */
export const QUEUE_NAMES = ['calendar', 'notifications', 'maintenance'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

const uuid = z.uuid();

const exponential = (delayMs: number) => ({ type: 'exponential' as const, delay: delayMs, jitter: 0.5 });
const keepFailed = { age: 14 * 24 * 3600, count: 5000 };

/**
 * The job catalog: one entry per job type with its queue, payload schema and retry/retention policy.
 * The worker validates every payload with the same schema the producer used.
 */
export const JOBS = {
  calendarSync: {
    name: 'calendar:sync',
    queue: 'calendar',
    payload: z.object({
      calendarId: uuid,
      /** `full` re-fetches the whole window (the daily pass, or after a 410). */
      mode: z.enum(['incremental', 'full']).default('incremental'),
      reason: z.enum(['manual', 'selected', 'scheduled', 'daily_full']).default('manual'),
      /** The user who asked (API-triggered syncs), so only they can read the job's status. */
      requestedBy: uuid.optional(),
    }),
    options: { attempts: 5, backoff: exponential(10_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  calendarSyncAll: {
    name: 'calendar:sync_all',
    queue: 'calendar',
    payload: z.object({ full: z.boolean().default(false) }),
    options: { attempts: 3, backoff: exponential(30_000), removeOnComplete: { count: 100 }, removeOnFail: keepFailed },
  },
  refreshTokens: {
    name: 'calendar:refresh_tokens',
    queue: 'calendar',
    payload: z.object({}),
    options: { attempts: 3, backoff: exponential(60_000), removeOnComplete: { count: 100 }, removeOnFail: keepFailed },
  },
  /** One account's refresh, fanned out by refreshTokens so a transient failure retries just that account. */
  refreshAccountToken: {
    name: 'calendar:refresh_account_token',
    queue: 'calendar',
    payload: z.object({ oauthAccountId: uuid }),
    options: { attempts: 6, backoff: exponential(30_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  notifyTimeEntryCreated: {
    name: 'notification:time_entry_created',
    queue: 'notifications',
    payload: z.object({ timeEntryId: uuid }),
    options: { attempts: 8, backoff: exponential(5_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  notifyInvoiceReady: {
    name: 'notification:invoice_ready',
    queue: 'notifications',
    payload: z.object({ invoiceId: uuid }),
    options: { attempts: 8, backoff: exponential(5_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  notifyReauthRequired: {
    name: 'notification:reauth_required',
    queue: 'notifications',
    payload: z.object({ oauthAccountId: uuid }),
    options: { attempts: 8, backoff: exponential(5_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  dailySummary: {
    name: 'notifications:daily_summary',
    queue: 'notifications',
    /** Without `userId` it is the scheduler tick that finds the users whose local time has come. */
    payload: z.object({ userId: uuid.optional(), date: z.iso.date().optional() }),
    options: { attempts: 5, backoff: exponential(10_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  /** The daily Slack nudge about meetings waiting in the review inbox; without `userId`, the scheduler tick. */
  reviewNudge: {
    name: 'notifications:review_nudge',
    queue: 'notifications',
    payload: z.object({ userId: uuid.optional(), date: z.iso.date().optional() }),
    options: { attempts: 5, backoff: exponential(10_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  slackResponse: {
    name: 'slack:response_url',
    queue: 'notifications',
    /** `blocks` with `replaceOriginal` rewrites the clicked message in place (the review nudge). */
    payload: z.object({
      responseUrl: z.url(),
      text: z.string(),
      blocks: z.array(z.unknown()).max(50).optional(),
      replaceOriginal: z.boolean().default(false),
    }),
    options: { attempts: 5, backoff: exponential(2_000), removeOnComplete: { age: 600, count: 1000 }, removeOnFail: keepFailed },
  },
  slackTimeCommand: {
    name: 'slack:time_command',
    queue: 'notifications',
    /** A `/time` from a Slack user not linked yet: link them by email, run it, answer on response_url. */
    payload: z.object({
      teamId: z.string().min(1),
      slackUserId: z.string().min(1),
      text: z.string(),
      triggerId: z.string().min(1),
      responseUrl: z.url(),
    }),
    options: { attempts: 5, backoff: exponential(2_000), removeOnComplete: { age: 600, count: 1000 }, removeOnFail: keepFailed },
  },
  /** Stops `/time start` timers left running past 12 hours and tells their owners. */
  stopStaleTimers: {
    name: 'slack:stop_stale_timers',
    queue: 'notifications',
    payload: z.object({}),
    options: { attempts: 3, backoff: exponential(30_000), removeOnComplete: { count: 100 }, removeOnFail: keepFailed },
  },
  /** After a calendar sync: meetings matching an auto-convert rule become time entries. */
  reviewAutoConvert: {
    name: 'review:auto_convert',
    queue: 'calendar',
    payload: z.object({ calendarId: uuid }),
    options: { attempts: 3, backoff: exponential(10_000), removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: keepFailed },
  },
  reapStuckSyncs: {
    name: 'maintenance:reap_stuck_syncs',
    queue: 'maintenance',
    payload: z.object({}),
    options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: keepFailed },
  },
  /** Re-records work whose delivery never happened (Redis lost the job) and prunes the relayed outbox. */
  reconcileDeliveries: {
    name: 'maintenance:reconcile_deliveries',
    queue: 'maintenance',
    payload: z.object({}),
    options: { attempts: 1, removeOnComplete: { count: 50 }, removeOnFail: keepFailed },
  },
} as const satisfies Record<string, { name: string; queue: QueueName; payload: z.ZodType; options: JobsOptions }>;

export type JobKey = keyof typeof JOBS;
export type JobDefinition<K extends JobKey = JobKey> = (typeof JOBS)[K];
export type JobPayload<K extends JobKey> = z.input<(typeof JOBS)[K]['payload']>;
export type ParsedJobPayload<K extends JobKey> = z.output<(typeof JOBS)[K]['payload']>;

const byName = new Map<string, JobKey>(Object.entries(JOBS).map(([key, job]) => [job.name, key as JobKey]));

/** Finds the catalog entry for a job name as it arrives at a worker. */
export function jobKeyForName(name: string): JobKey | undefined {
  return byName.get(name);
}
