import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedisPrefix, freePort, spawnEntry, testEnv, useTestDatabase, type TestDatabase } from '@billops/testing';

let db: TestDatabase;
let cwd: string;
let child: ChildProcess | undefined;
const redis = createTestRedisPrefix('api-process');
/** Time given to the server process to read a request's headers before the test signals it. */
const SERVER_READS_HEADERS_MS = 200;
beforeAll(async () => {
  db = await useTestDatabase();
  cwd = mkdtempSync(join(tmpdir(), 'billops-api-'));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
  await redis.cleanup();
  await db.drop();
});

describe('API server process', () => {
  it('listens, answers /healthz, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const env = testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis.prefix, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    // Run from an empty directory so the repository's `.env` cannot leak in.
    const server = spawnEntry('apps/api/src/server.ts', env, cwd);
    child = server.child;
    await server.waitFor(/API listening/);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('x-request-id')).toBeTruthy();

    child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
  });

  it('answers a request in flight at SIGTERM, then exits 0 without waiting out its keep-alive connection', async () => {
    const port = await freePort();
    const env = testEnv({
      DATABASE_URL: db.url,
      QUEUE_PREFIX: redis.prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    const server = spawnEntry('apps/api/src/server.ts', env, cwd);
    child = server.child;
    await server.waitFor(/API listening/);

    // A login whose body is only half sent when the signal arrives: the request is in flight.
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'not-a-real-password' });
    const agent = new Agent({ keepAlive: true });
    const status = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/auth/login',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      server.waitFor(/shutting down/).then(() => req.end(body.slice(10)), reject);
    });
    // An inherent wait: nothing outside the process tells when it has read the headers (the request
    // is logged only when answered), and a connection it has not read from yet is idle, not in flight.
    await new Promise((resolve) => setTimeout(resolve, SERVER_READS_HEADERS_MS));
    child.kill('SIGTERM');

    expect(await status).toBe(401);
    // Without closing connections as they go idle, the answered one stays open for keepAliveTimeout
    // (65 s), past the shutdown timeout (20 s here), and the process exits 1.
    expect((await server.exited).code).toBe(0);
    agent.destroy();
  });
});
