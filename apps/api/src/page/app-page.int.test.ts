import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCalendar } from '@billops/testing';
import { registerUser } from '../testing/harness.ts';
import { startTestStack, type TestStack } from '../testing/stack.ts';

/** Debian's chromium (.ci/run installs it), driven by playwright-core: a real browser, no download. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let stack: TestStack;
let server: Server;
let browser: Browser;
let base: string;

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The OAuth redirects must come back to this server, and from there to its /app page.
  stack = await startTestStack({
    PUBLIC_URL: base,
    FRONTEND_URL: `${base}/app`,
    GOOGLE_REDIRECT_URI: `${base}/api/v1/integrations/google/callback`,
  });
  server = stack.t.app.listen(port, '127.0.0.1');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await stack?.close();
});

describe('the /app page in a real browser', () => {
  it('is served with a strict content security policy', async () => {
    const res = await request(stack.t.app).get('/app').expect(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<script type="module" src="/app/app.js">');
  });

  it('signs in, logs a suggested meeting, logs another to a chosen project, dismisses one, and connects Google', async () => {
    const user = await registerUser(stack.t.app, { name: 'Page User' });
    const asUser = (path: string) => request(stack.t.app).post(path).set('Authorization', `Bearer ${user.token}`);
    const web = (
      await asUser('/api/v1/projects')
        .send({ name: 'Acme Web', code: 'acme-web', keywords: ['website'] })
        .expect(201)
    ).body.id;
    const ops = (await asUser('/api/v1/projects').send({ name: 'Ops', code: 'ops' }).expect(201)).body.id;
    const cal = await insertCalendar(stack.t.deps, user.userId);
    const website = await cal.add({ title: 'Website <b>sync</b>', start: '2026-02-02T09:00:00Z' });
    const planning = await cal.add({ title: 'Planning', start: '2026-02-02T11:00:00Z' });
    const chat = await cal.add({ title: 'Chat', start: '2026-02-03T11:00:00Z' });

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${base}/app`);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Meetings to log (3)' }).waitFor();

    // The title is text, not markup; the suggestion says why.
    const websiteItem = page.locator(`[data-meeting="${website}"]`);
    await expect(websiteItem.getByRole('heading').textContent()).resolves.toBe('Website <b>sync</b>');
    await expect(websiteItem.locator('.reason').textContent()).resolves.toBe('Suggested: Acme Web — title mentions "website"');
    await websiteItem.getByRole('button', { name: 'Log' }).click();
    await page.getByRole('status').filter({ hasText: '1 meeting logged.' }).waitFor();
    await page.getByRole('heading', { name: 'Meetings to log (2)' }).waitFor();
    expect(await stack.t.db.prisma.timeEntry.findMany({ where: { sourceRef: `calendar:${website}` } })).toMatchObject([
      { projectId: web, source: 'calendar' },
    ]);

    await page.getByLabel('Project for Planning').selectOption({ label: 'Ops' });
    await page.locator(`[data-meeting="${planning}"]`).getByRole('button', { name: 'Log' }).click();
    await page.getByRole('heading', { name: 'Meetings to log (1)' }).waitFor();
    expect(await stack.t.db.prisma.timeEntry.findMany({ where: { sourceRef: `calendar:${planning}` } })).toMatchObject([
      { projectId: ops },
    ]);

    await page.locator(`[data-meeting="${chat}"]`).getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Nothing waiting. Well done!').waitFor();
    expect(await stack.t.db.prisma.reviewDismissal.count({ where: { userId: user.userId } })).toBe(1);

    // Connect Google: consent at the (sandbox) provider, back through the API's callback to /app.
    await page.getByRole('button', { name: 'Connect Google Calendar' }).click();
    await page.waitForURL(`${base}/app`);
    await page.getByRole('status').filter({ hasText: 'Google connected' }).waitFor();
    await page.getByRole('button', { name: 'Sync sandbox.user@example.com' }).click();
    await page.getByRole('status').filter({ hasText: "Calendar 'sandbox.user@example.com' selected" }).waitFor();
    await page.locator('#calendars').getByText('sandbox.user@example.com (google)').waitFor();
    expect(errors).toEqual([]);
  });
});
