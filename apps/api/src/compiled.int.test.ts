import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestRedisPrefix,
  freePort,
  spawnEntry,
  testEnv,
  useTestDatabase,
  type SpawnedProcess,
  type TestDatabase,
} from '@billops/testing';

// The production path end to end (scripts/build.ts): `pnpm build`, then the compiled API and worker on plain Node (no
// tsx, no @billops/source condition), so the build cannot rot unnoticed.
const ROOT = resolve(import.meta.dirname, '../../..');
const TIMEOUT_MS = 120_000;

let db: TestDatabase;
let cwd: string;
const redis = createTestRedisPrefix('compiled');
const processes: SpawnedProcess[] = [];
beforeAll(async () => {
  db = await useTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'billops-compiled-'));
}, TIMEOUT_MS);
afterAll(async () => {
  for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
  await redis.cleanup();
  await db.drop();
});

describe('compiled build', () => {
  it(
    'builds; the compiled API and worker serve a request, run its job and stop cleanly on SIGTERM',
    async () => {
      await promisify(execFile)('pnpm', ['build'], { cwd: ROOT });

      const port = await freePort();
      // Production mode against the local sandbox: no provider can be reached from a test.
      const env = testEnv({
        NODE_ENV: 'production',
        ALLOW_SANDBOX_IN_PRODUCTION: 'true',
        LOG_LEVEL: 'info',
        DATABASE_URL: db.url,
        QUEUE_PREFIX: redis.prefix,
        SCHEDULES_ENABLED: 'false',
      });
      const api = spawnEntry('apps/api/dist/server.js', { ...env, PORT: String(port), HOST: '127.0.0.1' }, cwd);
      const worker = spawnEntry('apps/worker/dist/main.js', env, cwd);
      processes.push(api, worker);
      await Promise.all([api.waitFor(/API listening/), worker.waitFor(/"msg":"worker started"/)]);
      const base = `http://127.0.0.1:${port}`;

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { postgres: 'ok', redis: 'ok' } });

      const registered = await fetch(`${base}/api/v1/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'compiled@example.com', password: 'a-long-enough-password', name: 'Compiled' }),
      });
      expect(registered.status).toBe(201);
      const { token } = (await registered.json()) as { token: string };
      // Logging time queues the "time entry created" notification, which the compiled worker runs.
      const created = await fetch(`${base}/api/v1/time-entries`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ started_at: '2026-01-05T09:00:00Z', ended_at: '2026-01-05T10:30:00Z', description: 'Compiled build check' }),
      });
      expect(created.status).toBe(201);
      const entry = (await created.json()) as { id: string; duration_seconds: number };
      expect(entry.duration_seconds).toBe(5400);
      await worker.waitFor(new RegExp(`"jobId":"time-entry-created-${entry.id}"[^\\n]*"msg":"job completed"`));

      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(api.output()).toContain('"msg":"stopped"');
      expect(worker.output()).toContain('"msg":"stopped"');
    },
    TIMEOUT_MS,
  );
});
