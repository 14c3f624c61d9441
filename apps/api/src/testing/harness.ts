import { Writable } from 'node:stream';
import type { Express } from 'express';
import request from 'supertest';
import { createLogger } from '@billops/core';
import { createServiceContext } from '@billops/domain';
import { createTestRedisPrefix, eventually, testEnv, useTestDatabase, type TestDatabase } from '@billops/testing';
import { createApp } from '../app.ts';
import { loadApiConfig, type ApiConfig } from '../config.ts';
import type { AppDeps } from '../context.ts';

export type TestApp = {
  app: Express;
  deps: AppDeps;
  db: TestDatabase;
  /** Every log line the app wrote, as raw JSON text (for "no secret is ever logged" checks). */
  logLines: string[];
  close: () => Promise<void>;
};

/**
 * A real app for one test file: its own cloned database, its own Redis queue prefix, a captured
 * logger. Nothing is mocked.
 */
export async function createTestApp(overrides: Record<string, string> = {}, extra: Partial<AppDeps> = {}): Promise<TestApp> {
  const db = await useTestDatabase();
  const redis = createTestRedisPrefix('api');
  // Test files register many users from one address; the registration limit is tested on its own.
  const config: ApiConfig = loadApiConfig(
    testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: 'debug', REGISTRATIONS_PER_IP_PER_HOUR: '1000', ...overrides }),
  );
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const context = createServiceContext({ config, prisma: db.prisma, logger: createLogger({ level: 'debug', destination }) });
  const { queues } = context;
  const deps: AppDeps = { ...context, config, ...extra };
  return {
    app: createApp(deps),
    deps,
    db,
    logLines,
    close: async () => {
      await queues.close();
      await redis.cleanup();
      await db.drop();
    },
  };
}

/**
 * Waits until no sync of the app's is queued or running and the calendar has finished one: selecting a
 * calendar queues its first sync, which may still run when a test's own sync or read comes.
 */
export async function calendarSettled(t: TestApp, calendarId: string) {
  return eventually(
    async () => {
      const calendar = await t.db.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: calendarId } });
      const jobs = await t.deps.queues.queues.calendar.getJobs(['waiting', 'active', 'delayed', 'prioritized']);
      return calendar.syncStatus !== 'running' && calendar.syncStatus !== 'idle' && jobs.length === 0 && calendar;
    },
    { what: 'the calendar to finish its queued syncs' },
  );
}

let userCounter = 0;

/** Registers a fresh user (and organization) through the API and returns its bearer token. */
export async function registerUser(app: Express, input: { email?: string; password?: string; name?: string; time_zone?: string } = {}) {
  userCounter += 1;
  const body = {
    email: input.email ?? `user${userCounter}-${Date.now()}@example.com`,
    password: input.password ?? 'correct horse battery staple',
    name: input.name ?? `User ${userCounter}`,
    ...(input.time_zone ? { time_zone: input.time_zone } : {}),
  };
  const res = await request(app).post('/api/v1/auth/register').send(body).expect(201);
  return {
    token: res.body.token as string,
    userId: res.body.user.id as string,
    organizationId: res.body.organization_id as string,
    email: body.email,
    password: body.password,
  };
}
