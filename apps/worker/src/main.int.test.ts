import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix, testEnv, useTestDatabase, type TestDatabase } from '@billops/testing';

const HERE = dirname(fileURLToPath(import.meta.url));
const MAIN = join(HERE, 'main.ts');
const TSX_LOADER = pathToFileURL(resolve(HERE, '../../../node_modules/tsx/dist/loader.mjs')).href;

/** The real worker entry in its own process, run from an empty directory so no `.env` file leaks in. */
function startWorker(env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolveWait, reject) => {
      const check = () => pattern.test(output) && resolveWait();
      waiters.push(check);
      check();
      void exited.then(({ code }) => reject(new Error(`worker exited (${code}) before ${pattern}:\n${output}`)));
    });
  return { child, exited, waitFor, output: () => output };
}

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
    const worker = startWorker(testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis.prefix, SCHEDULES_ENABLED: 'false', LOG_LEVEL: 'info' }), cwd);
    children.push(worker.child);
    await worker.waitFor(/"msg":"worker started"/);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('"msg":"stopped"');
    await redis.cleanup();
  });

  it('refuses to start without DATABASE_URL, naming it', async () => {
    const worker = startWorker(testEnv({ DATABASE_URL: undefined, SCHEDULES_ENABLED: 'false' }), cwd);
    children.push(worker.child);
    const { code } = await worker.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(worker.output()).toMatch(/DATABASE_URL/);
    expect(worker.output()).not.toContain('worker started');
  });
});
