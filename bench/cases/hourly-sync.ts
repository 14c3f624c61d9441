import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { baseEnvSchema, createLogger } from '@billops/core';
import { createPrismaClient, executeStatement, Prisma, queryRows, sealedField } from '@billops/db';
import { createServiceContext, type ServiceContext } from '@billops/domain';
import { providerEnvSchema } from '@billops/providers';
import { addGoogleEvent, startSandbox, type RunningSandbox } from '@billops/sandbox';
import { pgBatchUpsert } from '../ceilings/pg-upsert.ts';
import { createBenchEnv } from '../lib/env.ts';
import { peakRssMiB, startService, type Service } from '../lib/processes.ts';
import type { Row } from '../lib/report.ts';
import { runSeed } from '../lib/seed.ts';
import { repeat, summarize } from '../lib/stats.ts';

const CALENDARS = 2_000;
const EVENTS_PER_CALENDAR = 50;
const CEILING_EVENTS = 10_000;
const TARGET_SECONDS = 120;
/** A calendar not synced this long after the tick counts as starved (the case stops waiting). */
const DEADLINE_MS = 10 * 60_000;
const READ_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
const HOUR_MS = 3600_000;

type Tick = {
  label: string;
  wallMs: number;
  synced: number;
  failed: number;
  /** Time from the tick to each calendar's last_synced_at. */
  perCalendarMs: { p50: number; p99: number; max: number };
  eventsListRequests: number;
  tokenRefreshes: number;
  /** Calendars the provider listed more than once (a second sync) and not at all. */
  listedTwice: number;
  rowsWritten: number;
  /** Jobs BullMQ found stalled (lock not renewed in time) and ran again. */
  stalled: number;
  /** The worker process's CPU time (user + system) during the tick: less sensitive to a busy machine than wall time. */
  workerCpuMs: number;
  loadBefore: number[];
  loadAfter: number[];
};

/** CPU time a live process has used (utime + stime from /proc), in ms. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const round1 = (values: number[]) => values.map((v) => Math.round(v * 10) / 10);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * The real hourly sync: 2,000 Google calendars of 50 events each in the sandbox, one
 * `calendar:sync_all` tick, a worker at its default concurrency and pacing. It runs in its own
 * database, Redis prefix, sandbox and worker, so nothing else the bench made is synced with it.
 *
 * The fan-out's spread (SYNC_SPREAD_FRACTION, 0.8 of the hour by default) is set to 0: with it the
 * last job is due ~48 minutes after the tick by design. Spread-free, the case measures whether the
 * worker could sync every calendar at once, i.e. how much headroom the spread leaves (bench/README.md).
 *
 * Two ticks: the first finds calendars never synced (a full pass each, 50 rows written: the day a
 * customer's 2,000 users connect, and each daily full pass), the second an hour later (the queue's
 * per-slot job ids cleared, as a new slot would) finds nothing changed (1 request, 0 rows each).
 */
export async function hourlySyncCase(
  options: {
    cpuProfileDir?: string;
    calendars?: number;
    /** Logs every statement of the worker's connections (PostgreSQL's own log) to count statements per sync. */
    logStatements?: boolean;
  } = {},
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  // Fewer calendars only while investigating (the case's figures are for CALENDARS).
  const calendarCount = options.calendars ?? CALENDARS;
  const env = await createBenchEnv();
  const sandbox = await startSandbox();
  const prisma = createPrismaClient({ databaseUrl: env.databaseUrl });
  const processEnv = { ...env.processEnv, SANDBOX_URL: sandbox.url };
  const ctx = createServiceContext({
    config: baseEnvSchema.extend(providerEnvSchema.shape).parse(processEnv),
    prisma,
    logger: createLogger({ level: 'silent' }),
  });
  let worker: Service | undefined;
  try {
    await runSeed(env, ['--calendars', String(calendarCount)]);
    const calendarIds = await connectSandboxCalendars(ctx, sandbox, calendarCount);

    const someone = await prisma.calendarIntegration.findFirstOrThrow({ select: { userId: true, oauthAccountId: true } });
    const ceilingCalendar = await prisma.calendarIntegration.create({
      data: { ...someone, provider: 'google', providerCalendarId: 'ceiling', calendarName: 'Ceiling', syncEnabled: false },
    });
    const ceilingMs = await repeat(3, () =>
      pgBatchUpsert(env.databaseUrl, { calendarId: ceilingCalendar.id, userId: someone.userId, events: CEILING_EVENTS }),
    );
    const ceiling = summarize(ceilingMs);
    const ceilingPerSecond = (CEILING_EVENTS / ceiling.median) * 1000;

    if (options.logStatements) await executeStatement(prisma, Prisma.raw(`ALTER DATABASE ${env.databaseName} SET log_statement = 'all'`));
    worker = await startService(
      'hourly worker',
      'apps/worker/src/main.ts',
      // Product defaults (concurrency, pacing, niceness, heap bounds) but for the spread: see above.
      { ...processEnv, SYNC_SPREAD_FRACTION: '0', NODE_OPTIONS: '--max-old-space-size=192 --max-semi-space-size=8' },
      /worker started/,
      { nodeArgs: options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [] },
    );
    const first = await runTick(ctx, sandbox, worker, calendarIds, 'first tick: calendars never synced (full pass, 50 rows each)');
    await clearSlot(ctx);
    const second = await runTick(ctx, sandbox, worker, calendarIds, 'next hour: nothing changed (incremental)');
    const workerPeakRss = peakRssMiB(worker.process.pid!);

    const rows: Row[] = [];
    for (const tick of [first, second]) {
      const seconds = tick.wallMs / 1000;
      const events = calendarCount * EVENTS_PER_CALENDAR;
      const perSecond = (events / tick.wallMs) * 1000;
      const label = `hourly sync ${calendarCount} x ${EVENTS_PER_CALENDAR}, ${tick === first ? 'first tick' : 'next hour'}`;
      rows.push(
        {
          case: label,
          metric: 'wall s until all synced (spread 0)',
          value: `${seconds.toFixed(1)} (load ${round1(tick.loadBefore).join('/')} -> ${round1(tick.loadAfter).join('/')})`,
          target: `< ${TARGET_SECONDS}`,
          ok: tick.synced === calendarCount && seconds < TARGET_SECONDS,
        },
        {
          case: label,
          metric: 'events/s (events listed / wall)',
          value: perSecond.toFixed(0),
          ceiling: ceilingPerSecond.toFixed(0),
          ratio: (perSecond / ceilingPerSecond).toFixed(2),
        },
        {
          case: label,
          metric: 'worker CPU ms per calendar (sync + follow-up job)',
          value: (tick.workerCpuMs / calendarCount).toFixed(1),
        },
        {
          case: label,
          metric: 'per calendar: ms to synced p50 / p99 / max',
          value: `${tick.perCalendarMs.p50} / ${tick.perCalendarMs.p99} / ${tick.perCalendarMs.max}`,
        },
        {
          case: label,
          metric: 'provider requests per calendar / token refreshes / rows written',
          value: `${(tick.eventsListRequests / calendarCount).toFixed(2)} / ${tick.tokenRefreshes} / ${tick.rowsWritten}`,
          target: tick === first ? `1 / 0 / ${events}` : '1 / 0 / 0',
          ok: tick.eventsListRequests === calendarCount && tick.rowsWritten === (tick === first ? events : 0),
        },
        {
          case: label,
          metric: 'synced twice / starved (not synced) / failed / stalled jobs',
          value: `${tick.listedTwice} / ${calendarCount - tick.synced} / ${tick.failed} / ${tick.stalled}`,
          target: '0 / 0 / 0 / 0',
          ok: tick.listedTwice === 0 && tick.synced === calendarCount && tick.failed === 0,
        },
      );
    }
    rows.push({
      case: 'worker during hourly syncs',
      metric: 'peak RSS MiB',
      value: workerPeakRss.toFixed(0),
      target: '< 300',
      ok: workerPeakRss < 300,
    });
    return { rows, details: { ticks: [first, second], ceilingMs: ceiling, workerPeakRssMiB: workerPeakRss, calendars: calendarCount } };
  } finally {
    await worker?.stop();
    await sandbox.close();
    await ctx.queues.close();
    await prisma.$disconnect();
    await env.cleanup();
  }
}

/**
 * Makes the seeded accounts real at the sandbox: each account's stored access token is accepted
 * for its user, and its calendar holds 50 meetings with an outside attendee across the sync window.
 */
async function connectSandboxCalendars(ctx: ServiceContext, sandbox: RunningSandbox, count: number): Promise<string[]> {
  const calendars = await ctx.prisma.calendarIntegration.findMany({
    where: { isActive: true, syncEnabled: true },
    select: { id: true, providerCalendarId: true, oauthAccount: { select: { id: true, accessTokenEncrypted: true } } },
  });
  if (calendars.length !== count) throw new Error(`seeded ${calendars.length} calendars, expected ${count}`);
  const state = sandbox.google.state;
  const windowStart = Date.now() - 6 * 24 * HOUR_MS;
  for (const calendar of calendars) {
    const user = state.userFor(calendar.providerCalendarId);
    const token = ctx.vault.decrypt(calendar.oauthAccount.accessTokenEncrypted, sealedField.accessToken(calendar.oauthAccount.id));
    state.accessTokens.set(token, { grant: null, userSub: user.sub, scopes: [READ_SCOPE], expiresAt: Date.now() + 6 * HOUR_MS });
    const sandboxCalendar = state.addCalendar({ id: calendar.providerCalendarId, primary: true, timeZone: 'Europe/Berlin' });
    for (let i = 0; i < EVENTS_PER_CALENDAR; i += 1) {
      const start = new Date(windowStart + i * 17 * HOUR_MS);
      addGoogleEvent(state, sandboxCalendar, {
        summary: `Client call ${i}`,
        description: `Agenda ${i}`,
        start: { dateTime: start.toISOString(), timeZone: 'Europe/Berlin' },
        end: { dateTime: new Date(start.getTime() + 1800_000).toISOString(), timeZone: 'Europe/Berlin' },
        attendees: [
          { email: calendar.providerCalendarId, responseStatus: 'accepted' },
          { email: `client-${i % 7}@acme.test`, responseStatus: 'accepted' },
        ],
      });
    }
  }
  return calendars.map((c) => c.id);
}

/** One `calendar:sync_all` tick, waited on until every calendar has synced since it (or the deadline). */
async function runTick(ctx: ServiceContext, sandbox: RunningSandbox, worker: Service, calendarIds: string[], label: string): Promise<Tick> {
  const state = sandbox.google.state;
  const requestsBefore = state.counters.requests['events.list'] ?? 0;
  const refreshesBefore = state.counters.tokenRefreshes;
  const tokensBefore = new Set(state.syncTokens.keys());
  const events = ctx.queues.events('calendar');
  let stalled = 0;
  events.on('stalled', () => (stalled += 1));
  await events.waitUntilReady();
  const cpuBefore = processCpuMs(worker.process.pid!);
  const loadBefore = loadavg();
  const tick = new Date();
  const started = performance.now();
  await ctx.queues.enqueue('calendarSyncAll', { full: false });
  let synced = 0;
  let failed = 0;
  for (;;) {
    const [counts] = await queryRows<{ synced: number; failed: number }>(
      ctx.prisma,
      Prisma.sql`
      SELECT count(*) FILTER (WHERE last_synced_at >= ${tick} AND sync_status = 'succeeded')::int AS synced,
             count(*) FILTER (WHERE sync_status = 'failed')::int AS failed
      FROM calendar_integrations WHERE id = ANY(${calendarIds}::uuid[])`,
    );
    ({ synced, failed } = counts!);
    if (synced === calendarIds.length || performance.now() - started > DEADLINE_MS) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const wallMs = performance.now() - started;
  const loadAfter = loadavg();
  const workerCpuMs = processCpuMs(worker.process.pid!) - cpuBefore;
  await events.close();
  const latencies = (
    await ctx.prisma.calendarIntegration.findMany({
      where: { id: { in: calendarIds }, lastSyncedAt: { gte: tick } },
      select: { lastSyncedAt: true },
    })
  )
    .map((c) => c.lastSyncedAt!.getTime() - tick.getTime())
    .sort((a, b) => a - b);
  // Every first page of an events.list round mints a sync token for its calendar: rounds per calendar.
  const rounds = new Map<string, number>();
  for (const [key, token] of state.syncTokens) {
    if (!tokensBefore.has(key)) rounds.set(token.calendarId, (rounds.get(token.calendarId) ?? 0) + 1);
  }
  const rowsWritten = await ctx.prisma.syncedCalendarEvent.count({ where: { calendarId: { in: calendarIds }, updatedAt: { gte: tick } } });
  return {
    label,
    wallMs,
    synced,
    failed,
    perCalendarMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0 },
    eventsListRequests: (state.counters.requests['events.list'] ?? 0) - requestsBefore,
    tokenRefreshes: state.counters.tokenRefreshes - refreshesBefore,
    listedTwice: [...rounds.values()].filter((n) => n > 1).length,
    rowsWritten,
    stalled,
    workerCpuMs,
    loadBefore,
    loadAfter,
  };
}

/**
 * An hour later the fan-out's per-slot job ids are new; here the slot is the same, so the
 * finished jobs (kept an hour for inspection) would make it add nothing. Waits for the follow-up
 * jobs to drain, then empties the calendar queue as the new slot would find it.
 */
async function clearSlot(ctx: ServiceContext): Promise<void> {
  const queue = ctx.queues.queues.calendar;
  const deadline = Date.now() + DEADLINE_MS;
  while ((await queue.getJobCountByTypes('active', 'waiting', 'delayed', 'prioritized')) > 0) {
    if (Date.now() > deadline) throw new Error('calendar queue did not drain');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await queue.obliterate({ force: true });
}
