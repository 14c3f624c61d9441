import { sealedField } from '@billops/db';
import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '@billops/domain';
import { SANDBOX_CREDENTIALS } from '@billops/providers';
import { signSlackRequest, slashCommandBody } from '@billops/sandbox';
import { load, type LoadResult } from '../lib/load.ts';
import { peakRssMiB, type Service } from '../lib/processes.ts';
import type { Row } from '../lib/report.ts';

const FIXED_RATE = 300;
const SECONDS = 10;
// Long enough for V8 to optimize the request path and for the pools to open their connections.
const WARMUP_SECONDS = 3;

type Target = { apiUrl: string; bareUrl: string; api: Service };

const fmt = (r: LoadResult) => `${r.requestsPerSecond.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${r.errors + r.non2xx}`;

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

/** Case 5: signed `/time` requests at a fixed rate and at saturation, against the bare Express ceiling. */
export async function slackTimeCase(
  ctx: ServiceContext,
  target: Target,
  user: { userId: string; organizationId: string },
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const { teamId, projectCode } = await slackWorkspace(ctx, user.userId, user.organizationId);
  const makeRequest = () => {
    const body = slashCommandBody({
      text: `1h30m #${projectCode} yesterday: bench review`,
      teamId,
      userId: 'UBENCH1',
      responseUrl: 'http://127.0.0.1:9/unused',
    });
    return signSlackRequest(SANDBOX_CREDENTIALS.slack.signingSecret, body, 'form');
  };
  const url = `${target.apiUrl}/api/v1/integrations/slack/commands/time`;
  await load({ url, method: 'POST', makeRequest, durationSeconds: WARMUP_SECONDS, rate: FIXED_RATE });
  const fixed = await load({ url, method: 'POST', makeRequest, durationSeconds: SECONDS, rate: FIXED_RATE });
  const saturated = await load({ url, method: 'POST', makeRequest, durationSeconds: SECONDS });
  const bareBody = () => ({ body: 'text=1h', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const bare = await load({ url: `${target.bareUrl}/bare`, method: 'POST', makeRequest: bareBody, durationSeconds: SECONDS });
  const bareFixed = await load({
    url: `${target.bareUrl}/bare`,
    method: 'POST',
    makeRequest: bareBody,
    durationSeconds: SECONDS,
    rate: FIXED_RATE,
  });
  const entries = await ctx.prisma.timeEntry.count({ where: { userId: user.userId, source: 'slack' } });
  const ratio = saturated.requestsPerSecond / bare.requestsPerSecond;
  const errors = fixed.errors + fixed.non2xx + saturated.errors + saturated.non2xx;
  return {
    rows: [
      {
        case: '/time webhook',
        metric: `fixed ${FIXED_RATE} req/s`,
        value: fmt(fixed),
        ceiling: fmt(bareFixed),
        target: 'p99 < 50 ms',
        ok: fixed.p99 < 50,
      },
      {
        case: '/time webhook',
        metric: 'saturation req/s',
        value: saturated.requestsPerSecond.toFixed(0),
        ceiling: bare.requestsPerSecond.toFixed(0),
        ratio: ratio.toFixed(2),
        target: '>= 0.3',
        ok: ratio >= 0.3,
      },
      { case: '/time webhook', metric: 'saturation latency', value: fmt(saturated), ceiling: fmt(bare) },
      { case: '/time webhook', metric: 'errors (all runs)', value: String(errors), target: '0', ok: errors === 0 },
    ],
    details: { fixed, saturated, bare, bareFixed, slackEntriesCreated: entries },
  };
}

/** Case 6: `GET /api/v1/time-entries` (page of 50) for a user among 100,000 entries. */
export async function readsCase(
  target: Target,
  token: string,
  rawReadsUrl: string,
): Promise<{ rows: Row[]; details: Record<string, unknown> }> {
  const url = `${target.apiUrl}/api/v1/time-entries?limit=50`;
  const headers = { authorization: `Bearer ${token}` };
  const check = await fetch(url, { headers });
  const page = (await check.json()) as { data?: unknown[] };
  if (!check.ok || page.data?.length !== 50) throw new Error(`reads: expected a page of 50, got ${check.status}`);
  await load({ url, headers, durationSeconds: WARMUP_SECONDS, rate: FIXED_RATE });
  const fixed = await load({ url, headers, durationSeconds: SECONDS, rate: FIXED_RATE });
  const saturated = await load({ url, headers, durationSeconds: SECONDS });
  const bare = await load({ url: `${target.bareUrl}/bare`, durationSeconds: SECONDS });
  const bareFixed = await load({ url: `${target.bareUrl}/bare`, durationSeconds: SECONDS, rate: FIXED_RATE });
  const raw = await load({ url: rawReadsUrl, durationSeconds: SECONDS });
  const ratio = saturated.requestsPerSecond / bare.requestsPerSecond;
  const apiPeak = peakRssMiB(target.api.process.pid!);
  return {
    rows: [
      {
        case: 'reads (page of 50 / 100k)',
        metric: `fixed ${FIXED_RATE} req/s`,
        value: fmt(fixed),
        ceiling: fmt(bareFixed),
        target: 'p99 < 50 ms',
        ok: fixed.p99 < 50 && fixed.errors + fixed.non2xx === 0,
      },
      {
        case: 'reads (page of 50 / 100k)',
        metric: 'saturation req/s',
        value: saturated.requestsPerSecond.toFixed(0),
        ceiling: bare.requestsPerSecond.toFixed(0),
        ratio: ratio.toFixed(2),
        target: '>= 0.3',
        ok: ratio >= 0.3,
      },
      { case: 'reads (page of 50 / 100k)', metric: 'saturation latency', value: fmt(saturated), ceiling: fmt(bare) },
      {
        case: 'reads (page of 50 / 100k)',
        metric: 'reference: same SQL, node:http + pg',
        value: `${raw.requestsPerSecond.toFixed(0)} req/s (product = ${(saturated.requestsPerSecond / raw.requestsPerSecond).toFixed(2)} of this)`,
        ceiling: bare.requestsPerSecond.toFixed(0),
        ratio: (raw.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
      },
      { case: 'API under load', metric: 'peak RSS MiB', value: apiPeak.toFixed(0) },
    ],
    details: { fixed, saturated, bare, bareFixed, rawReference: raw, apiPeakRssMiB: apiPeak },
  };
}
