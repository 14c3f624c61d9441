import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { completeCalendarAuthorization, startCalendarAuthorization, type ServiceContext } from '@billops/domain';
import { createTestWorkerContext, type TestWorkerContext } from '../../testing/harness.ts';

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

export async function createUser(ctx: Pick<ServiceContext, 'prisma'>) {
  const organization = await ctx.prisma.organization.create({ data: { name: `Org ${randomUUID().slice(0, 8)}` } });
  const user = await ctx.prisma.user.create({ data: { email: `u-${randomUUID()}@example.com`, name: 'Test', passwordHash: 'x' } });
  await ctx.prisma.membership.create({ data: { organizationId: organization.id, userId: user.id, role: 'owner' } });
  return { userId: user.id, organizationId: organization.id };
}

/** Runs the OAuth flow against the sandbox the way a browser would (the sandbox auto-approves). */
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

export const isoIn = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

export type GoogleSandboxWorker = { sandbox: RunningSandbox; harness: TestWorkerContext; control: ReturnType<typeof googleControl> };

/** For one test file: a provider sandbox and a worker context pointed at it, started before and closed after. */
export function useGoogleSandboxWorker(): GoogleSandboxWorker {
  const w = {} as GoogleSandboxWorker;
  beforeAll(async () => {
    w.sandbox = await startSandbox();
    w.control = googleControl(w.sandbox.url);
    w.harness = await createTestWorkerContext({ SANDBOX_URL: w.sandbox.url });
  });
  afterAll(async () => {
    await w.harness?.close();
    await w.sandbox?.close();
  });
  return w;
}
