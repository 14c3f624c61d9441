import { Router, type RequestHandler } from 'express';
import { DURATION_BUCKETS_MS, QUEUE_NAMES, readJobMetrics } from '@billops/queue';
import { outboxBacklog } from '@billops/domain';
import { Prisma, queryRows } from '@billops/db';
import type { RouteContext } from '../context.ts';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized', 'waiting-children'] as const;

const label = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${label(v)}"`)
    .join(',')}}`;

/** Seconds since the least recently synced active calendar last synced (a never-synced one counts from its creation). */
async function syncLagSeconds(ctx: RouteContext): Promise<number> {
  const rows = await queryRows<{ oldest: Date | null }>(
    ctx.prisma,
    Prisma.sql`
    SELECT MIN(COALESCE(last_synced_at, created_at)) AS oldest
    FROM calendar_integrations WHERE is_active AND sync_enabled`,
  );
  const oldest = rows[0]?.oldest;
  return oldest ? Math.max(0, (ctx.now().getTime() - oldest.getTime()) / 1000) : 0;
}

/** `GET /metrics`: Prometheus text format with queue depths, job outcomes and durations, and sync lag. */
export function metricsRoutes(ctx: RouteContext, guard: RequestHandler): Router {
  const router = Router();
  router.get('/metrics', guard, async (_req, res) => {
    const lines: string[] = [];
    lines.push('# HELP billops_queue_jobs Jobs in each queue by state.', '# TYPE billops_queue_jobs gauge');
    for (const name of QUEUE_NAMES) {
      const counts = await ctx.queues.queues[name].getJobCounts(...QUEUE_STATES);
      for (const state of QUEUE_STATES) lines.push(`billops_queue_jobs${labels({ queue: name, state })} ${counts[state] ?? 0}`);
    }

    const jobs = [...(await readJobMetrics(ctx.queues.redis, ctx.config.QUEUE_PREFIX)).values()];
    lines.push('# HELP billops_jobs_total Finished jobs by queue, job and outcome.', '# TYPE billops_jobs_total counter');
    for (const m of jobs) {
      for (const outcome of ['completed', 'failed'] as const) {
        lines.push(`billops_jobs_total${labels({ queue: m.queue, job: m.job, outcome })} ${m.counts[outcome]}`);
      }
    }
    lines.push('# HELP billops_job_duration_seconds Job processing time.', '# TYPE billops_job_duration_seconds histogram');
    for (const m of jobs) {
      const base = { queue: m.queue, job: m.job };
      for (const le of DURATION_BUCKETS_MS) {
        lines.push(`billops_job_duration_seconds_bucket${labels({ ...base, le: String(le / 1000) })} ${m.buckets.get(le) ?? 0}`);
      }
      lines.push(`billops_job_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${m.durationCount}`);
      lines.push(`billops_job_duration_seconds_sum${labels(base)} ${m.durationSumMs / 1000}`);
      lines.push(`billops_job_duration_seconds_count${labels(base)} ${m.durationCount}`);
    }

    lines.push(
      '# HELP billops_calendar_sync_lag_seconds Now minus the oldest last sync among active calendars.',
      '# TYPE billops_calendar_sync_lag_seconds gauge',
      `billops_calendar_sync_lag_seconds ${(await syncLagSeconds(ctx)).toFixed(3)}`,
    );
    const outbox = await outboxBacklog(ctx);
    const oldestPendingSeconds = outbox.oldestCreatedAt ? Math.max(0, (ctx.now().getTime() - outbox.oldestCreatedAt.getTime()) / 1000) : 0;
    lines.push(
      '# HELP billops_outbox_pending_jobs Jobs committed in PostgreSQL and not yet taken by Redis.',
      '# TYPE billops_outbox_pending_jobs gauge',
      `billops_outbox_pending_jobs ${outbox.pending}`,
      '# HELP billops_outbox_oldest_pending_seconds Age of the oldest job waiting for Redis (0 when none waits).',
      '# TYPE billops_outbox_oldest_pending_seconds gauge',
      `billops_outbox_oldest_pending_seconds ${oldestPendingSeconds.toFixed(3)}`,
    );
    res.type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
  return router;
}
