import { sealedField } from '@billops/db';
import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '@billops/domain';
import { SANDBOX_CREDENTIALS } from '@billops/providers';
import { signSlackRequest, slashCommandBody } from '@billops/sandbox';
import { freePort } from '@billops/testing/infra';
import { load, type LoadResult } from '../lib/load.ts';
import { peakRssMiB, startService, type Service } from '../lib/processes.ts';
import { formatLoad, machineLoad, type MachineLoad, type Row } from '../lib/report.ts';
import { summarize } from '../lib/stats.ts';

const FIXED_RATE = 300;
const SECONDS = 10;
// Long enough for V8 to optimize the request path and for the pools to open their connections.
const WARMUP_SECONDS = 3;
// Each round measures the product at a fixed rate, then the product and its reference at saturation
// back to back (alternating which goes first), so each round's ratio compares like with like.
const ROUNDS = 3;
const P99_TARGET_MS = 50;
// API peak RSS across the HTTP cases (issue 18).
const RSS_TARGET_MIB = 200;

type Target = { apiUrl: string; bareUrl: string; api: Service; databaseUrl: string };
type Request = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  makeRequest?: () => { body?: string; headers?: Record<string, string> };
};
type Round = { load: MachineLoad; fixed: LoadResult; product: LoadResult; reference: LoadResult; ratio: number };

const fmt = (r: LoadResult) => `${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}`;
const spread = (values: number[], digits: number) => {
  const s = summarize(values);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};
const failures = (r: LoadResult) => r.errors + r.non2xx;

/** Warm-up, then ROUNDS rounds of: fixed rate (product), saturation (product and reference, alternating). */
async function measureRounds(product: Request, reference: Request): Promise<Round[]> {
  await load({ ...product, durationSeconds: WARMUP_SECONDS, rate: FIXED_RATE });
  await load({ ...reference, durationSeconds: WARMUP_SECONDS });
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const before = machineLoad();
    const fixed = await load({ ...product, durationSeconds: SECONDS, rate: FIXED_RATE });
    const saturate = (r: Request) => load({ ...r, durationSeconds: SECONDS });
    const [first, second] = round % 2 === 0 ? [product, reference] : [reference, product];
    const a = await saturate(first);
    const b = await saturate(second);
    const [productResult, referenceResult] = round % 2 === 0 ? [a, b] : [b, a];
    rounds.push({
      load: before,
      fixed,
      product: productResult,
      reference: referenceResult,
      ratio: productResult.requestsPerSecond / referenceResult.requestsPerSecond,
    });
  }
  return rounds;
}

/** The rows every HTTP case reports: p99 at the fixed rate, the saturation ratio against the reference, and the bare route beside them. */
async function httpRows(name: string, rounds: Round[], ratioTarget: number, bare: Request, referenceName: string): Promise<Row[]> {
  const bareSaturated = await load({ ...bare, durationSeconds: SECONDS });
  const bareFixed = await load({ ...bare, durationSeconds: SECONDS, rate: FIXED_RATE });
  const p99s = rounds.map((r) => r.fixed.p99);
  const ratios = rounds.map((r) => r.ratio);
  const errors = rounds.reduce((sum, r) => sum + failures(r.fixed) + failures(r.product) + failures(r.reference), 0);
  const loads = rounds.map((r) => formatLoad(r.load)).join(', ');
  return [
    {
      case: name,
      metric: `fixed ${FIXED_RATE} req/s, p99 ms`,
      value: `${spread(p99s, 1)}; last: ${fmt(rounds.at(-1)!.fixed)}`,
      ceiling: `bare route: ${fmt(bareFixed)}`,
      target: `p99 < ${P99_TARGET_MS} ms`,
      ok: p99s.every((p) => p < P99_TARGET_MS),
      load: loads,
    },
    {
      case: name,
      metric: `saturation req/s vs ${referenceName}`,
      value: spread(
        rounds.map((r) => r.product.requestsPerSecond),
        0,
      ),
      ceiling: spread(
        rounds.map((r) => r.reference.requestsPerSecond),
        0,
      ),
      ratio: spread(ratios, 2),
      target: `>= ${ratioTarget}`,
      ok: summarize(ratios).median >= ratioTarget,
      load: loads,
    },
    {
      case: name,
      metric: 'saturation latency (last round)',
      value: fmt(rounds.at(-1)!.product),
      ceiling: `reference: ${fmt(rounds.at(-1)!.reference)}`,
    },
    {
      case: name,
      metric: 'bare Express route (context)',
      value: `${bareSaturated.requestsPerSecond.toFixed(0)} req/s saturated`,
      ratio: (summarize(rounds.map((r) => r.product.requestsPerSecond)).median / bareSaturated.requestsPerSecond).toFixed(2),
    },
    { case: name, metric: 'errors (all runs)', value: String(errors), target: '0', ok: errors === 0 },
  ];
}

/** A linked Slack user in an installed workspace with one project code, straight in the database. */
async function slackWorkspace(ctx: ServiceContext, userId: string, organizationId: string) {
  const teamId = `TBENCH${randomBytes(3).toString('hex').toUpperCase()}`;
  const id = crypto.randomUUID();
  await ctx.prisma.slackIntegration.create({
    data: {
      id,
      organizationId,
      workspaceId: teamId,
      workspaceName: 'Bench',
      botTokenEncrypted: ctx.vault.encrypt('xoxb-bench', sealedField.slackBotToken(id)),
      scopes: ['chat:write', 'commands'],
      notificationsEnabled: false,
    },
  });
  await ctx.prisma.slackUserBinding.create({ data: { userId, slackIntegrationId: id, slackUserId: 'UBENCH1', slackUsername: 'bench' } });
  const project = await ctx.prisma.project.findFirstOrThrow({ where: { organizationId, archived: false } });
  return { teamId, projectCode: project.code };
}

/** Case 5: signed `/time` requests at a fixed rate and at saturation, against a node:http + pg reference doing the same I/O. */
export async function slackTimeCase(
  ctx: ServiceContext,
  target: Target,
  user: { userId: string; organizationId: string },
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { teamId, projectCode } = await slackWorkspace(ctx, user.userId, user.organizationId);
  // The sandbox's response_url (the only non-Slack one the API accepts); the command never calls it.
  const responseUrl = `${ctx.providers.settings.slack.endpoints.responseUrlPrefixes.at(-1)}bench`;
  const makeRequest = () => {
    const body = slashCommandBody({
      text: `1h30m #${projectCode} yesterday: bench review`,
      teamId,
      userId: 'UBENCH1',
      responseUrl,
    });
    return signSlackRequest(SANDBOX_CREDENTIALS.slack.signingSecret, body, 'form');
  };
  const port = await freePort();
  const reference = await startService(
    'time reference',
    'bench/ceilings/time-reference.ts',
    { DATABASE_URL: target.databaseUrl, SLACK_SIGNING_SECRET: SANDBOX_CREDENTIALS.slack.signingSecret, PORT: String(port) },
    /time reference listening/,
  );
  try {
    const product = { url: `${target.apiUrl}/api/v1/integrations/slack/commands/time`, method: 'POST' as const, makeRequest };
    const check = await fetch(product.url, { method: 'POST', ...makeRequest() });
    if (!check.ok || !String(((await check.json()) as { text?: unknown }).text).includes('bench review'))
      throw new Error(`/time: the product refused (${check.status})`);
    const rounds = await measureRounds(product, { ...product, url: `http://127.0.0.1:${port}/` });
    const bare = {
      url: `${target.bareUrl}/bare`,
      method: 'POST' as const,
      makeRequest: () => ({ body: 'text=1h', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    };
    const rows = await httpRows('/time webhook', rounds, 0.8, bare, 'node:http + pg reference');
    const entries = await ctx.prisma.timeEntry.count({ where: { userId: user.userId, source: 'slack' } });
    return { rows, details: { rounds, slackEntriesCreated: entries } };
  } finally {
    await reference.stop();
  }
}

/** Case 6: `GET /api/v1/time-entries` (page of 50) for a user among 100,000 entries, against the same SQL through node:http + pg. */
export async function readsCase(
  target: Target,
  token: string,
  user: { userId: string; organizationId: string },
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const product = { url: `${target.apiUrl}/api/v1/time-entries?limit=50`, headers: { authorization: `Bearer ${token}` } };
  const check = await fetch(product.url, { headers: product.headers });
  const page = (await check.json()) as { data?: unknown[] };
  if (!check.ok || page.data?.length !== 50) throw new Error(`reads: expected a page of 50, got ${check.status}`);
  const port = await freePort();
  const reference = await startService(
    'raw reads',
    'bench/ceilings/raw-reads.ts',
    { DATABASE_URL: target.databaseUrl, ORGANIZATION_ID: user.organizationId, USER_ID: user.userId, PORT: String(port) },
    /raw reads listening/,
  );
  try {
    const rounds = await measureRounds(product, { url: `http://127.0.0.1:${port}/` });
    const rows = await httpRows('reads (page of 50 / 100k)', rounds, 0.85, { url: `${target.bareUrl}/bare` }, 'same SQL, node:http + pg');
    return { rows, details: { rounds } };
  } finally {
    await reference.stop();
  }
}

/** The API's peak RSS (VmHWM) over the HTTP cases, and before them (start-up and one login). */
export function apiMemoryRows(api: Service, beforeCasesMiB: number): Row[] {
  const peak = peakRssMiB(api.process.pid!);
  return [
    {
      case: 'API under load',
      metric: 'peak RSS MiB during the HTTP cases',
      value: peak.toFixed(0),
      target: `< ${RSS_TARGET_MIB}`,
      ok: peak < RSS_TARGET_MIB,
    },
    { case: 'API under load', metric: 'peak RSS MiB before them (start, one login: scrypt 128 MiB)', value: beforeCasesMiB.toFixed(0) },
  ];
}
