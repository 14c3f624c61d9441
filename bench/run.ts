// `pnpm bench`: measures the product's hot paths against same-run ceilings on this machine.
import { baseEnvSchema, createLogger } from '@billops/core';
import { createPrismaClient, Prisma, queryRows } from '@billops/db';
import { createServiceContext } from '@billops/domain';
import { providerEnvSchema } from '@billops/providers';
import { startSandbox } from '@billops/sandbox';
import { freePort } from '@billops/testing/infra';
import { calendarSyncCase } from './cases/calendar-sync.ts';
import { fanOutCase } from './cases/fan-out.ts';
import { hourlySyncCase } from './cases/hourly-sync.ts';
import { apiMemoryRows, readsCase, slackTimeCase } from './cases/http.ts';
import { googleFixture, microsoftFixture } from './lib/calendar-fixtures.ts';
import { createBenchEnv } from './lib/env.ts';
import { buildWorkspace, peakRssMiB, resetPeakRss, startService, type Service } from './lib/processes.ts';
import { measured, printTable, writeResults, type Row } from './lib/report.ts';
import { runSeed } from './lib/seed.ts';

// Calendar pacing is a quota policy (it deliberately slows one account to ~10 requests/s); the bench
// measures the engine, so pacing is lifted for its worker. See bench/README.md.
const UNPACED = {
  PROVIDER_REQUESTS_PER_SECOND: '100000',
  PROVIDER_REQUESTS_BURST: '100000',
  ACCOUNT_REQUESTS_PER_SECOND: '100000',
  ACCOUNT_REQUESTS_BURST: '100000',
};

// The worker's production heap bounds (its `start` script in apps/worker/package.json): without them
// V8 lets garbage pile up to ~2x the live heap before collecting, and peak RSS says little.
const WORKER_HEAP_FLAGS = '--max-old-space-size=192 --max-semi-space-size=8';

// `pnpm bench` runs every case; `pnpm bench reads time` only those named (sync, fan-out, hourly, reads, time).
const only = process.argv.slice(2);
const runs = (name: string) => only.length === 0 || only.includes(name);

const started = Date.now();
const log = (message: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

const env = await createBenchEnv();
const services: Service[] = [];
const sandbox = await startSandbox();
const processEnv = { ...env.processEnv, SANDBOX_URL: sandbox.url, ALLOW_SANDBOX_IN_PRODUCTION: 'true', ...UNPACED };
const prisma = createPrismaClient({ databaseUrl: env.databaseUrl });
// The bench process's own context (OAuth set-up, fixtures), wired exactly as the apps wire theirs.
const ctx = createServiceContext({
  config: baseEnvSchema.extend(providerEnvSchema.shape).parse(processEnv),
  prisma,
  logger: createLogger({ level: 'silent' }),
});
const { queues } = ctx;
const rows: Row[] = [];
const details: Record<string, unknown> = {};

try {
  const calendars = runs('fan-out') ? ['--calendars', '10000'] : [];
  log(`seeding: pnpm seed --users 1 --entries 100000 ${calendars.join(' ')}`);
  await runSeed(env, ['--users', '1', '--entries', '100000', ...calendars]);
  const versions = await queryRows<{ version: string }>(prisma, Prisma.sql`SHOW server_version`);
  details.postgresVersion = versions[0]?.version;
  details.redisVersion = /redis_version:(\S+)/.exec(await queues.redis.info('server'))?.[1];

  if (runs('fan-out')) {
    log('case 4: fan-out (before any worker runs, so nothing consumes the jobs)');
    const fanOut = await measured(() => fanOutCase(env));
    rows.push(...fanOut.rows);
    details.fanOut = { ...fanOut.details, load: fanOut.load };
  }

  if (runs('hourly')) {
    log('case 8: the real hourly sync (2,000 calendars x 50 events, its own database, sandbox and worker at default pacing)');
    const hourly = await hourlySyncCase();
    rows.push(...hourly.rows);
    details.hourlySync = hourly.details;
  }

  log('starting worker, API and bare Express ceiling processes');
  const worker = await startService(
    'worker',
    'apps/worker/src/main.ts',
    { ...processEnv, NODE_OPTIONS: WORKER_HEAP_FLAGS },
    /worker started/,
    // Node flags NODE_OPTIONS refuses, to profile the worker under the cases (e.g. `--cpu-prof --cpu-prof-dir=...`).
    { nodeArgs: process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [] },
  );
  services.push(worker);
  // The API as it ships: compiled by `pnpm build`, started by production's command (scripts/run-compiled.sh api).
  buildWorkspace();
  const apiPort = await freePort();
  const api = await startService(
    'api',
    'scripts/run-compiled.sh',
    { ...processEnv, PORT: String(apiPort), HOST: '127.0.0.1' },
    /API listening/,
    {
      args: ['api'],
    },
  );
  services.push(api);
  const barePort = await freePort();
  const bare = await startService('bare', 'bench/ceilings/bare-express.ts', { PORT: String(barePort) }, /bare express listening/);
  services.push(bare);
  const target = { apiUrl: `http://127.0.0.1:${apiPort}`, bareUrl: `http://127.0.0.1:${barePort}`, api, databaseUrl: env.databaseUrl };

  for (const fixture of runs('sync') ? [googleFixture(sandbox.url), microsoftFixture(sandbox.url)] : []) {
    log(`cases 1-3: ${fixture.provider} full and incremental syncs of 10,000 events`);
    const result = await measured(() => calendarSyncCase(env, ctx, fixture, worker));
    rows.push(...result.rows);
    details[`sync_${fixture.provider}`] = { ...result.details, load: result.load };
  }

  const login = await fetch(`${target.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-1@bench.billops.test', password: 'bench-user-password' }),
  });
  const session = (await login.json()) as { token: string; user: { id: string }; organization_id: string };
  const user = { userId: session.user.id, organizationId: session.organization_id };
  // The login's scrypt (N=2^17: 128 MiB by design) would otherwise be the API's peak; it is reported on its own.
  const loginPeak = peakRssMiB(api.process.pid!);
  resetPeakRss(api.process.pid!);

  if (runs('reads')) {
    log('case 6: reads');
    const reads = await measured(() => readsCase(target, session.token, user));
    rows.push(...reads.rows);
    details.reads = { ...reads.details, load: reads.load };
  }

  if (runs('time')) {
    log('case 5: /time webhook');
    const time = await measured(() => slackTimeCase(ctx, target, user));
    rows.push(...time.rows);
    details.slackTime = { ...time.details, load: time.load };
  }
  if (runs('reads') || runs('time')) rows.push(...apiMemoryRows(api, loginPeak));

  console.log('');
  printTable(rows);
  const file = writeResults(rows, { ...details, pacing: 'lifted for the bench worker', durationSeconds: (Date.now() - started) / 1000 });
  log(`results written to ${file}`);
} finally {
  for (const service of services.reverse()) await service.stop();
  await sandbox.close();
  await queues.close();
  await prisma.$disconnect();
  await env.cleanup();
}
