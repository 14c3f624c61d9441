// Test contexts for the domain's use cases (packages/domain and the apps' tests of them): a real
// ServiceContext on the file's own database and Redis prefix, and the provider sandbox. Apart from
// the index so that tests which need none of this do not load the domain and the provider clients.
import { afterAll, beforeAll } from 'vitest';
import { baseEnvSchema, createLogger, loadConfig, type Logger } from '@billops/core';
import {
  completeCalendarAuthorization,
  createServiceContext,
  selectCalendar,
  startCalendarAuthorization,
  type ServiceContext,
} from '@billops/domain';
import { providerEnvSchema } from '@billops/providers';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { createTestClock, type TestClock } from './clock.ts';
import type { TestDatabase } from './database.ts';
import { testEnv } from './env.ts';
import { useTestDatabase } from './fixture.ts';
import { insertOrganization } from './organizations.ts';
import { createTestRedisPrefix } from './redis.ts';

const serviceEnvSchema = baseEnvSchema.extend(providerEnvSchema.shape);

export type TestServiceContext = {
  ctx: ServiceContext;
  db: TestDatabase;
  /** The context's clock: the real time unless a test sets it. */
  clock: TestClock;
  close: () => Promise<void>;
};

/**
 * A real ServiceContext for one test file: its own cloned database, its own Redis queue prefix,
 * real provider clients (point them at a sandbox with `SANDBOX_URL`). Pass `db` to share a database.
 */
export async function createTestServiceContext(
  overrides: Record<string, string> = {},
  options: { db?: TestDatabase; logger?: Logger } = {},
): Promise<TestServiceContext> {
  const db = options.db ?? (await useTestDatabase());
  const redis = overrides.QUEUE_PREFIX ? undefined : createTestRedisPrefix('domain');
  const config = loadConfig(serviceEnvSchema, testEnv({ DATABASE_URL: db.url, QUEUE_PREFIX: redis?.prefix, ...overrides }));
  const clock = createTestClock();
  const ctx: ServiceContext = {
    ...createServiceContext({ config, prisma: db.prisma, logger: options.logger ?? createLogger({ level: 'silent' }) }),
    now: clock.now,
  };
  return {
    ctx,
    db,
    clock,
    close: async () => {
      await ctx.queues.close();
      await redis?.cleanup();
      if (!options.db) await db.drop();
    },
  };
}

/** Calls the Google sandbox's control API (JSON). */
export function googleControl(sandboxUrl: string) {
  return async <T = unknown>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${sandboxUrl}/google/_control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`control ${method} ${path} → ${res.status} ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
}

/** Runs the OAuth flow against the sandbox the way a browser would (the sandbox approves at once). */
export async function connectGoogle(ctx: ServiceContext, user: { userId: string; organizationId: string }, loginHint?: string) {
  const redirectUri = ctx.providers.settings.google.redirectUri;
  const { authUrl, state } = await startCalendarAuthorization(ctx, { ...user, provider: 'google', redirectUri });
  const url = new URL(authUrl);
  if (loginHint) url.searchParams.set('login_hint', loginHint);
  const res = await fetch(url, { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  const code = location.searchParams.get('code') ?? undefined;
  return completeCalendarAuthorization(ctx, { provider: 'google', state, code, redirectUri, userId: user.userId });
}

/**
 * A fresh user, connected to the sandbox as `<name>@example.com`, with a fresh sandbox calendar
 * (Europe/Berlin) selected; `name` must be unique within the test file.
 */
export async function connectSandboxCalendar(ctx: ServiceContext, control: ReturnType<typeof googleControl>, name: string) {
  const providerCalendarId = `${name}-${Date.now()}@group.calendar.google.com`;
  await control('POST', '/calendars', { id: providerCalendarId, summary: `Calendar ${name}`, timeZone: 'Europe/Berlin' });
  const user = await insertOrganization(ctx);
  const email = `${name}@example.com`;
  const { account } = await connectGoogle(ctx, user, email);
  const integration = await selectCalendar(ctx, { userId: user.userId, provider: 'google', providerCalendarId, calendarName: 'Work' });
  return { user, email, account, integration, providerCalendarId };
}

/** An instant `hours` from the real now, as ISO text (for sandbox events a sync window must include). */
export const isoIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

/** A provider sandbox, a harness pointed at it and the sandbox's Google control API, for one test file. */
export type GoogleSandbox<H> = { sandbox: RunningSandbox; harness: H; control: ReturnType<typeof googleControl> };
export type GoogleSandboxContext = GoogleSandbox<TestServiceContext>;

/** For one test file: a provider sandbox and a harness (made by `createHarness` with its SANDBOX_URL), started before and closed after. */
export function useGoogleSandbox<H extends { close: () => Promise<void> }>(
  createHarness: (env: Record<string, string>) => Promise<H>,
): GoogleSandbox<H> {
  const s = {} as GoogleSandbox<H>;
  beforeAll(async () => {
    s.sandbox = await startSandbox();
    s.control = googleControl(s.sandbox.url);
    s.harness = await createHarness({ SANDBOX_URL: s.sandbox.url });
  });
  afterAll(async () => {
    await s.harness?.close();
    await s.sandbox?.close();
  });
  return s;
}

/** useGoogleSandbox with a service context. */
export const useGoogleSandboxContext = (): GoogleSandboxContext => useGoogleSandbox((env) => createTestServiceContext(env));
