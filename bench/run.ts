// `pnpm bench`: measures the product's hot paths against same-run ceilings on this machine.
import { baseEnvSchema, createLogger } from '@billops/core';
import { createPrismaClient } from '@billops/db';
import { createServiceContext } from '@billops/domain';
import { providerEnvSchema } from '@billops/providers';
import { startSandbox } from '@billops/sandbox';
import { calendarSyncCase } from './cases/calendar-sync.ts';
import { fanOutCase } from './cases/fan-out.ts';
import { hourlySyncCase } from './cases/hourly-sync.ts';
import { readsCase, slackTimeCase } from './cases/http.ts';
import { googleFixture, microsoftFixture } from './lib/calendar-fixtures.ts';
import { createBenchEnv } from './lib/env.ts';
import { startService, type Service } from './lib/processes.ts';
import { printTable, writeResults, type Row } from './lib/report.ts';
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

const started = Date.now();
const log = (message: string) => console.log(`[bench +${((Date.now() - started) / 1000).toFixed(0)}s] ${message}`);

const env = await createBenchEnv();
const services: Service[] = [];
const sandbox = await startSandbox();
const processEnv = { ...env.processEnv, SANDBOX_URL: sandbox.url, ...UNPACED };
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
  log('seeding 1 user with 100,000 entries and 10,000 calendars (pnpm seed --users 1 --entries 100000 --calendars 10000)');
  await runSeed(env, ['--users', '1', '--entries', '100000', '--calendars', '10000']);
  const versions = await prisma.$queryRaw<{ version: string }[]>`SHOW server_version`;
  details.postgresVersion = versions[0]?.version;
  details.redisVersion = /redis_version:(\S+)/.exec(await queues.redis.info('server'))?.[1];

  log('case 4: fan-out (before any worker runs, so nothing consumes the jobs)');
  const fanOut = await fanOutCase(env);
  rows.push(...fanOut.rows);
  details.fanOut = fanOut.details;

  log('case 8: the real hourly sync (2,000 calendars x 50 events, its own database, sandbox and worker at default pacing)');
  const hourly = await hourlySyncCase();
  rows.push(...hourly.rows);
  details.hourlySync = hourly.details;

  log('starting worker, API and bare Express ceiling processes');
  const worker = await startService(
    'worker',
    'apps/worker/src/main.ts',
    { ...processEnv, NODE_OPTIONS: WORKER_HEAP_FLAGS },
    /worker started/,
  );
  services.push(worker);
  const api = await startService('api', 'apps/api/src/server.ts', { ...processEnv, PORT: '18080', HOST: '127.0.0.1' }, /API listening/);
  services.push(api);
  const bare = await startService('bare', 'bench/ceilings/bare-express.ts', { PORT: '18081' }, /bare express listening/);
  services.push(bare);
  const target = { apiUrl: 'http://127.0.0.1:18080', bareUrl: 'http://127.0.0.1:18081', api };

  for (const fixture of [googleFixture(sandbox.url), microsoftFixture(sandbox.url)]) {
    log(`cases 1-3: ${fixture.provider} full and incremental syncs of 10,000 events`);
    const result = await calendarSyncCase(env, ctx, fixture, worker);
    rows.push(...result.rows);
    details[`sync_${fixture.provider}`] = result.details;
  }

  log('case 6: reads');
  const login = await fetch(`${target.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-1@bench.billops.test', password: 'bench-user-password' }),
  });
  const session = (await login.json()) as { token: string; user: { id: string }; organization_id: string };
  const rawReads = await startService(
    'raw reads',
    'bench/ceilings/raw-reads.ts',
    { DATABASE_URL: env.databaseUrl, ORGANIZATION_ID: session.organization_id, USER_ID: session.user.id, PORT: '18082' },
    /raw reads listening/,
  );
  services.push(rawReads);
  const reads = await readsCase(target, session.token, 'http://127.0.0.1:18082/');
  await rawReads.stop();
  rows.push(...reads.rows);
  details.reads = reads.details;

  log('case 5: /time webhook');
  const time = await slackTimeCase(ctx, target, { userId: session.user.id, organizationId: session.organization_id });
  rows.push(...time.rows);
  details.slackTime = time.details;

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
