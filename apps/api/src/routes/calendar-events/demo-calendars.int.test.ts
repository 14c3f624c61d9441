import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerUser, type TestApp } from '../../testing/harness.ts';
import { startTestStack, type TestStack } from '../../testing/stack.ts';

/**
 * The quick start's demo calendars: connecting the sandbox's seeded Google and Outlook accounts and
 * syncing every calendar shows offered meetings (with markers) and hidden events with their reasons.
 */
let t: TestApp;
let stack: TestStack;
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

type ApiEvent = { title: string; calendar_id: string; hidden_reason: string | null; markers: string[]; attendee_emails: string[] };

beforeAll(async () => {
  stack = await startTestStack({ SYNC_WAIT_MS: '10000' }, { PROVIDER_RETRY_BASE_DELAY_MS: '10' });
  t = stack.t;
  for (const provider of ['google', 'microsoft']) {
    const reset = await fetch(`${stack.sandbox.url}/${provider}/_control/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seed: true }),
    });
    expect(reset.ok).toBe(true);
  }
});

afterAll(async () => {
  await stack?.close();
});

/** Connects one provider's demo account, selects and syncs every calendar in it. */
async function connectAll(token: string, provider: 'google' | 'microsoft') {
  const authorize = await request(t.app).get(`/api/v1/integrations/${provider}/authorize`).set(auth(token)).expect(200);
  const consent = await fetch(authorize.body.auth_url as string, { redirect: 'manual' });
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  const connected = await request(t.app)
    .post(`/api/v1/integrations/${provider}/callback`)
    .set(auth(token))
    .send({ state: authorize.body.state, code })
    .expect(200);
  for (const calendar of connected.body.calendars as { id: string }[]) {
    const selected = await request(t.app)
      .post(`/api/v1/integrations/${provider}/select-calendar`)
      .set(auth(token))
      .send({ calendar_id: calendar.id })
      .expect(200);
    await request(t.app).post(`/api/v1/integrations/${provider}/${selected.body.calendar_id}/sync`).set(auth(token)).expect(200);
  }
}

describe('demo calendars', () => {
  it('show offered meetings with markers and hidden events with their reasons, on Google and Outlook', async () => {
    const user = await registerUser(t.app);
    await connectAll(user.token, 'google');
    await connectAll(user.token, 'microsoft');
    const list = async (query: Record<string, string>) =>
      (
        await request(t.app)
          .get('/api/v1/calendar-events')
          .query({ limit: 200, ...query })
          .set(auth(user.token))
          .expect(200)
      ).body.data as ApiEvent[];
    const all = await list({ include_hidden: 'true' });
    const offered = await list({});

    const reasons = new Set(all.map((e) => e.hidden_reason).filter(Boolean));
    for (const reason of ['declined', 'out_of_office', 'working_location', 'focus_time', 'free', 'duplicate'])
      expect(reasons).toContain(reason);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((e) => e.hidden_reason === null)).toBe(true);
    expect(new Set(offered.flatMap((e) => e.markers))).toEqual(new Set(['tentative', 'unanswered', 'solo']));
    // Attendees from several domains, never the user themselves.
    const domains = new Set(offered.flatMap((e) => e.attendee_emails.map((email) => email.split('@')[1])));
    expect(domains.size).toBeGreaterThanOrEqual(4);
    expect(offered.flatMap((e) => e.attendee_emails)).not.toContain('sandbox.user@example.com');
    expect(offered.flatMap((e) => e.attendee_emails)).not.toContain('sandbox.user@contoso.test');
    // The same meeting on two calendars is offered once.
    for (const title of ['Acme steering committee', 'Northwind workshop']) {
      expect(offered.filter((e) => e.title === title)).toHaveLength(1);
      expect(all.filter((e) => e.title === title)).toHaveLength(2);
    }
    // No stored occurrence lacks its title.
    expect(all.filter((e) => e.title === '')).toEqual([]);
    expect(offered.filter((e) => e.title === 'Team stand-up').length).toBeGreaterThan(0);
  });
});
