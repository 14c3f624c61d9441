import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix, freePort, spawnEntry, testEnv, useTestDatabase, type TestDatabase } from '@billops/testing';

// Issue 14, item 6: a malformed DATABASE_URL started both processes (every route then failed), and
// the worker hung silently when Redis was unreachable at start. Now both refuse bad URLs at once,
// naming the variable, and the worker logs every Redis error and gives up after its start-up window.
const API = 'apps/api/src/server.ts';
const WORKER = 'apps/worker/src/main.ts';

let db: TestDatabase;
let cwd: string;
const children: ChildProcess[] = [];
beforeAll(async () => {
  db = await useTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'billops-config-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
  await db.drop();
});

function run(entry: string, env: Record<string, string | undefined>) {
  const started = spawnEntry(entry, testEnv({ SCHEDULES_ENABLED: 'false', LOG_LEVEL: 'info', PORT: '0', ...env }), cwd);
  children.push(started.child);
  return started;
}

describe('configuration is checked at start', () => {
  // Every malformed shape is covered by the config's unit tests, the worker's refusal by its own
  // process test; here, that the API stops on them too.
  it('the API exits 1 on malformed URLs, naming each variable', async () => {
    const started = run(API, { DATABASE_URL: 'postgresql://postgres@127.0.0.1:54x32/billops', REDIS_URL: 'redis://127.0.0.1:63 79' });
    expect((await started.exited).code).toBe(1);
    expect(started.output()).toContain('DATABASE_URL: must be a valid URL');
    expect(started.output()).toContain('REDIS_URL: must be a valid URL');
    expect(started.output()).not.toContain('listening');
  });

  it('the worker logs every Redis connection error and exits non-zero when Redis stays unreachable at start', async () => {
    const prefix = createTestRedisPrefix('unreachable');
    const worker = run(WORKER, {
      DATABASE_URL: db.url,
      QUEUE_PREFIX: prefix.prefix,
      REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
      REDIS_STARTUP_TIMEOUT_SECONDS: '2',
    });
    const { code } = await worker.exited;
    expect(code).toBe(1);
    const lines = worker.output().split('\n');
    expect(lines.filter((line) => line.includes('"msg":"redis connection error"')).length).toBeGreaterThanOrEqual(2);
    expect(worker.output()).toContain('Redis unreachable at start; exiting');
    expect(worker.output()).not.toContain('worker started');
  });
});
