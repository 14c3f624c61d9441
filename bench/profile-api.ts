// Profiles the compiled API (`pnpm build`, as it ships) under one HTTP case's load (saturation, then
// 300 req/s): a CPU profile (--cpu-prof) in bench/results/profiles/, the peak RSS, and the CPU time
// per request of the API and of the case's reference (bench/ceilings) under the same saturation.
// CPU time per request and profiles count the process's own work, so they say where its time goes
// even on a busy machine, where throughput figures do not. Extra Node flags for the API (e.g. --heap-prof)
// go in API_NODE_ARGS. Not part of `pnpm bench`; by hand:
//   pnpm exec tsx --conditions=@billops/source bench/profile-api.ts reads|time [seconds] [--database <name>]
// `--database` reuses a database seeded before (the first run prints its name and keeps it).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPrismaClient } from '@billops/db';
import { SANDBOX_CREDENTIALS } from '@billops/providers';
import { signSlackRequest, slashCommandBody } from '@billops/sandbox';
import { createMigratedDatabase, createTestRedisPrefix, databaseUrl, freePort, testRedisUrl } from '@billops/testing/infra';
import { load, type LoadResult } from './lib/load.ts';
import { buildWorkspace, peakRssMiB, resetPeakRss, ROOT, startService } from './lib/processes.ts';
import { machineLoad } from './lib/report.ts';
import { runSeed } from './lib/seed.ts';

const [which = 'reads', seconds = '10'] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--database');
const reuse = process.argv.includes('--database') ? process.argv[process.argv.indexOf('--database') + 1] : undefined;
const databaseName = reuse ?? `billops_profile_${randomBytes(3).toString('hex')}`;
const env = {
  NODE_ENV: 'production',
  ALLOW_SANDBOX_IN_PRODUCTION: 'true',
  LOG_LEVEL: 'info',
  DATABASE_URL: databaseUrl(databaseName),
  REDIS_URL: testRedisUrl(),
  QUEUE_PREFIX: createTestRedisPrefix('profile').prefix,
  // Fixed, so a reused database's encrypted rows stay readable.
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  SCHEDULES_ENABLED: 'false',
};
if (!reuse) {
  await createMigratedDatabase(databaseName);
  await runSeed({ processEnv: env } as never, ['--users', '1', '--entries', '100000']);
  console.log(`seeded ${databaseName} (reuse with --database ${databaseName})`);
}
buildWorkspace();
const dir = resolve(ROOT, 'bench/results/profiles');
mkdirSync(dir, { recursive: true });
const before = new Set(readdirSync(dir));
const port = await freePort();
const api = await startService('api', 'scripts/run-compiled.sh', { ...env, PORT: String(port), HOST: '127.0.0.1' }, /API listening/, {
  args: ['api', '--cpu-prof', `--cpu-prof-dir=${dir}`, ...(process.env.API_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
});
const base = `http://127.0.0.1:${port}`;
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'bench-1@bench.billops.test', password: 'bench-user-password' }),
});
const session = (await login.json()) as { token: string; user: { id: string }; organization_id: string };
let request: Parameters<typeof load>[0];
if (which === 'time') {
  const prisma = createPrismaClient({ databaseUrl: env.DATABASE_URL });
  const teamId = `TPROF${randomBytes(3).toString('hex').toUpperCase()}`;
  const integration = await prisma.slackIntegration.create({
    data: {
      organizationId: session.organization_id,
      workspaceId: teamId,
      workspaceName: 'Profile',
      botTokenEncrypted: 'unused',
      scopes: ['commands'],
      notificationsEnabled: false,
    },
  });
  await prisma.slackUserBinding.create({
    data: { userId: session.user.id, slackIntegrationId: integration.id, slackUserId: 'UPROF1', slackUsername: 'profile' },
  });
  const project = await prisma.project.findFirstOrThrow({ where: { organizationId: session.organization_id, archived: false } });
  await prisma.$disconnect();
  const makeRequest = () =>
    signSlackRequest(
      SANDBOX_CREDENTIALS.slack.signingSecret,
      slashCommandBody({
        text: `1h30m #${project.code} yesterday: profile`,
        teamId,
        userId: 'UPROF1',
        responseUrl: 'http://127.0.0.1:4010/slack/_response/x',
      }),
      'form',
    );
  request = { url: `${base}/api/v1/integrations/slack/commands/time`, method: 'POST', makeRequest, durationSeconds: Number(seconds) };
} else {
  request = {
    url: `${base}/api/v1/time-entries?limit=50`,
    headers: { authorization: `Bearer ${session.token}` },
    durationSeconds: Number(seconds),
  };
}
const loadBefore = machineLoad();
const startedRss = rssMiB(api.process.pid!);
// The login's scrypt (128 MiB) is not what the load costs.
resetPeakRss(api.process.pid!);
await load({ ...request, durationSeconds: 3 });
const product = await cpuPerRequest(api.process.pid!, () => load(request));
const peakSaturated = peakRssMiB(api.process.pid!);
const fixed = await load({ ...request, rate: 300 });
const peak = peakRssMiB(api.process.pid!);
await api.stop();
// The reference for the same case, measured the same way (not profiled).
const referencePort = await freePort();
const reference =
  which === 'time'
    ? await startService(
        'time reference',
        'bench/ceilings/time-reference.ts',
        { DATABASE_URL: env.DATABASE_URL, SLACK_SIGNING_SECRET: SANDBOX_CREDENTIALS.slack.signingSecret, PORT: String(referencePort) },
        /time reference listening/,
      )
    : await startService(
        'raw reads',
        'bench/ceilings/raw-reads.ts',
        { DATABASE_URL: env.DATABASE_URL, ORGANIZATION_ID: session.organization_id, USER_ID: session.user.id, PORT: String(referencePort) },
        /raw reads listening/,
      );
const referenceRequest = { ...request, url: `http://127.0.0.1:${referencePort}/` };
await load({ ...referenceRequest, durationSeconds: 3 });
const referenceResult = await cpuPerRequest(reference.process.pid!, () => load(referenceRequest));
await reference.stop();
const written = readdirSync(dir).filter((f) => !before.has(f));
console.log(
  JSON.stringify(
    {
      which,
      loadBefore,
      product,
      reference: referenceResult,
      cpuRatio: referenceResult.cpuMsPerRequest / product.cpuMsPerRequest,
      fixed300: fixed,
      rssMiB: { afterStart: Math.round(startedRss), peakAfterSaturation: Math.round(peakSaturated), peakAfterFixedRate: Math.round(peak) },
      profiles: written.map((f) => resolve(dir, f)),
    },
    null,
    2,
  ),
);

function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/** CPU time (user + system, ms) a process has used so far, from /proc. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The process's CPU time per request under `run`'s load: far steadier than req/s on a shared machine. */
async function cpuPerRequest(pid: number, run: () => Promise<LoadResult>) {
  const start = cpuMs(pid);
  const result = await run();
  return { ...result, cpuMsPerRequest: Math.round(((cpuMs(pid) - start) / result.total) * 1000) / 1000 };
}
