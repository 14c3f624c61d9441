import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@billops/core';
import { eventually, startPrivateRedis, type PrivateRedis } from '@billops/testing';
import { keepSchedules, registerSchedules, schedulesFor } from './schedules.ts';
import { createTestWorkerContext, type TestWorkerContext } from './testing/harness.ts';

// Issue 14, item 2: schedules vanished with Redis's data and came back only when the worker
// restarted. The worker now registers them again when its connection is re-established, and a
// periodic check notices a schedule that is missing while connected.
let redis: PrivateRedis;
let t: TestWorkerContext;
beforeAll(async () => {
  redis = await startPrivateRedis();
  t = await createTestWorkerContext({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_SECONDS: '0.5' });
});
afterAll(async () => {
  await t?.close();
  await redis?.close();
});

const registered = async () =>
  (await Promise.all(Object.values(t.ctx.queues.queues).map((q) => q.getJobSchedulers(0, -1))))
    .flat()
    .map((s) => s.key)
    .sort();
/** Each scheduler keeps one delayed job for its next run: that is what actually fires. */
const nextRuns = async () =>
  (await Promise.all(Object.values(t.ctx.queues.queues).map((q) => q.getDelayedCount()))).reduce((a, b) => a + b, 0);
const allBack = (expected: string[]) => async () => {
  try {
    return JSON.stringify(await registered()) === JSON.stringify(expected) ? true : undefined;
  } catch {
    return undefined;
  }
};

describe('schedules heal', () => {
  it('are registered again when Redis restarts empty, and when they vanish while connected', async () => {
    const logger = createLogger({ level: 'silent' });
    const expected = schedulesFor(t.ctx.config)
      .map((s) => s.id)
      .sort();
    await registerSchedules(t.ctx.queues, t.ctx.config);
    expect(await registered()).toEqual(expected);
    expect(await nextRuns()).toBe(expected.length);

    // Restart without persistence: the periodic check is an hour away, the reconnection brings them back.
    const onReconnect = keepSchedules(t.ctx.queues, { ...t.ctx.config, SCHEDULE_CHECK_SECONDS: 3600 }, logger);
    await redis.kill();
    await redis.start();
    await eventually(allBack(expected), { timeoutMs: 20_000, what: 'every schedule to be registered again' });
    expect(await nextRuns()).toBe(expected.length);
    onReconnect.close();

    // Flushed while connected (no reconnection): the periodic check notices.
    const periodic = keepSchedules(t.ctx.queues, { ...t.ctx.config, SCHEDULE_CHECK_SECONDS: 0.5 }, logger);
    await t.ctx.queues.redis.flushall();
    expect(await registered()).toEqual([]);
    await eventually(allBack(expected), { timeoutMs: 20_000, what: 'every schedule to be registered again' });
    expect(await nextRuns()).toBe(expected.length);
    periodic.close();
  });
});
