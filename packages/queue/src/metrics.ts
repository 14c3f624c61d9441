import type { Redis } from 'ioredis';

/** Duration histogram buckets (ms), Prometheus-style upper bounds. */
export const DURATION_BUCKETS_MS = [50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000] as const;

export type JobOutcome = 'completed' | 'failed';

const metricsKey = (prefix: string) => `${prefix}:metrics:jobs`;

/**
 * Records a finished job in one Redis hash shared by every worker process, so the API's /metrics
 * reports cluster-wide counts and durations (a per-process registry would only see one worker).
 */
export async function recordJobOutcome(
  redis: Redis,
  prefix: string,
  sample: { queue: string; job: string; outcome: JobOutcome; durationMs: number },
): Promise<void> {
  const base = `${sample.queue}|${sample.job}`;
  const pipeline = redis.pipeline().hincrby(metricsKey(prefix), `${base}|${sample.outcome}|count`, 1);
  pipeline.hincrbyfloat(metricsKey(prefix), `${base}|duration_sum_ms`, sample.durationMs);
  pipeline.hincrby(metricsKey(prefix), `${base}|duration_count`, 1);
  for (const le of DURATION_BUCKETS_MS) {
    if (sample.durationMs <= le) pipeline.hincrby(metricsKey(prefix), `${base}|bucket|${le}`, 1);
  }
  await pipeline.exec();
}

export type JobMetrics = Map<
  string,
  {
    queue: string;
    job: string;
    counts: Record<JobOutcome, number>;
    durationSumMs: number;
    durationCount: number;
    buckets: Map<number, number>;
  }
>;

export async function readJobMetrics(redis: Redis, prefix: string): Promise<JobMetrics> {
  const raw = await redis.hgetall(metricsKey(prefix));
  const metrics: JobMetrics = new Map();
  for (const [field, value] of Object.entries(raw)) {
    const [queue, job, kind, arg] = field.split('|');
    if (!queue || !job || !kind) continue;
    const key = `${queue}|${job}`;
    let entry = metrics.get(key);
    if (!entry) {
      entry = { queue, job, counts: { completed: 0, failed: 0 }, durationSumMs: 0, durationCount: 0, buckets: new Map() };
      metrics.set(key, entry);
    }
    const n = Number(value);
    if ((kind === 'completed' || kind === 'failed') && arg === 'count') entry.counts[kind] = n;
    else if (kind === 'duration_sum_ms') entry.durationSumMs = n;
    else if (kind === 'duration_count') entry.durationCount = n;
    else if (kind === 'bucket' && arg) entry.buckets.set(Number(arg), n);
  }
  return metrics;
}
