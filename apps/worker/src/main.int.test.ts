import { mkdtempSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix, spawnEntry, testEnv, useTestDatabase, type TestDatabase } from '@billops/testing';

/** The real worker entry in its own process, run from an empty directory so no `.env` file leaks in. */
const startWorker = (env: NodeJS.ProcessEnv, cwd: string) => spawnEntry('apps/worker/src/main.ts', env, cwd);

let db: TestDatabase;
let cwd: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  db = await useTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'billops-worker-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
  await db.drop();
});

describe('worker process', () => {
  it('starts, connects to Redis, and exits 0 on SIGTERM', async () => {
    const redis = createTestRedisPrefix('worker-process');
    const worker = startWorker(
      testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis.prefix, SCHEDULES_ENABLED: 'false', LOG_LEVEL: 'info' }),
      cwd,
    );
    children.push(worker.child);
    await worker.waitFor(/"msg":"worker started"/);
    // Nice 10 by default (WORKER_NICENESS), unless this process already runs nicer.
    expect(getPriority(worker.child.pid)).toBe(Math.max(10, getPriority()));
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('"msg":"stopped"');
    await redis.cleanup();
  });

  it('refuses to start without DATABASE_URL or with a malformed REDIS_URL, naming both', async () => {
    const worker = startWorker(testEnv({ DATABASE_URL: undefined, REDIS_URL: 'redis://127.0.0.1:63 79', SCHEDULES_ENABLED: 'false' }), cwd);
    children.push(worker.child);
    const { code } = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output()).toMatch(/DATABASE_URL/);
    expect(worker.output()).toContain('REDIS_URL: must be a valid URL');
    expect(worker.output()).not.toContain('worker started');
  });
});
