import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@billops/testing';
import { localDateOf } from '@billops/core';
import { messageClickPayload, type RecordedMessage } from '@billops/sandbox';
import {
  finishedJob,
  installWorkspace,
  messagesTo,
  sendInteraction,
  startSlackKit,
  type SlackKit,
} from '../integrations/slack/slack-test-kit.ts';
import { as } from '../members/test-fixtures.ts';
import { calendarFor } from './test-fixtures.ts';

let kit: SlackKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
const projects: Record<string, string> = {};
const m: Record<string, string> = {};

beforeAll(async () => {
  kit = await startSlackKit();
  install = await installWorkspace(kit);
  for (const [code, name, keywords] of [
    ['acme-web', 'Acme <Web>', ['website']],
    ['ops', 'Ops', []],
  ] as const) {
    projects[code] = (await as(kit.t.app, install.owner).post('/api/v1/projects').send({ name, code, keywords }).expect(201)).body.id;
  }
  // Meetings long past, so they wait in the inbox whatever today is.
  const cal = await calendarFor(kit.t.deps, install.owner.userId);
  m.one = await cal.add({ title: 'Website <!channel> sync', start: '2026-02-02T09:00:00Z' });
  m.two = await cal.add({ title: 'Planning', start: '2026-02-02T11:00:00Z' });
  m.three = await cal.add({ title: 'Website review', start: '2026-02-02T13:00:00Z' });
  m.four = await cal.add({ title: 'Chat', start: '2026-02-02T14:00:00Z' });
  m.five = await cal.add({ title: 'Website QA', start: '2026-02-01T09:00:00Z' });
  m.six = await cal.add({ title: 'Website launch', start: '2026-02-01T11:00:00Z' });
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

const nudges = () => messagesTo(kit, install.slackUserId).filter((msg) => msg.text?.startsWith('🗓️'));
const blocksText = (msg: RecordedMessage) => JSON.stringify(msg.blocks);
const entriesFor = (eventId: string) => kit.t.db.prisma.timeEntry.findMany({ where: { sourceRef: `calendar:${eventId}` } });

/** Clicks like a Slack member (payload built from the message as it is now, signed), then waits for the message update. */
async function click(msg: RecordedMessage, action: { actionId: string; value?: string; optionValue?: string }) {
  const before = msg.updates ?? 0;
  const payload = messageClickPayload(kit.sandbox.slack.state, kit.sandbox.url, { ts: msg.ts, userId: install.slackUserId, ...action });
  await sendInteraction(kit, payload).expect(200);
  await eventually(() => (msg.updates ?? 0) > before);
  return payload;
}

describe('the daily review nudge in Slack', () => {
  it('is sent once per local day by the tick, to users whose nudge time has come, listing waiting meetings with suggestions', async () => {
    const userId = install.owner.userId;
    await kit.t.db.prisma.user.update({ where: { id: userId }, data: { reviewNudgeEnabled: false, reviewNudgeTime: '00:00' } });
    await kit.t.deps.queues.enqueue('reviewNudge', {}, { jobId: 'nudge-tick-off' });
    expect((await finishedJob(kit, 'nudge-tick-off')).returnvalue).toEqual({ enqueued: 0 });

    await as(kit.t.app, install.owner).patch('/api/v1/review/settings').send({ nudge_enabled: true, nudge_time: '00:00' }).expect(200);
    await kit.t.deps.queues.enqueue('reviewNudge', {}, { jobId: 'nudge-tick' });
    expect((await finishedJob(kit, 'nudge-tick')).returnvalue).toEqual({ enqueued: 1 });
    const today = localDateOf(new Date(), 'UTC');
    expect((await finishedJob(kit, `review-nudge-${userId}-${today}`)).returnvalue).toEqual({ status: 'sent' });
    // Again the same day: nothing more.
    await kit.t.deps.queues.enqueue('reviewNudge', { userId, date: today }, { jobId: 'nudge-again' });
    expect((await finishedJob(kit, 'nudge-again')).returnvalue).toEqual({ status: 'already_sent' });
    expect(nudges()).toHaveLength(1);

    const msg = nudges()[0]!;
    expect(msg.text).toBe('🗓️ 6 meetings waiting to be logged');
    const text = blocksText(msg);
    // Provider and user strings are escaped for mrkdwn.
    expect(text).toContain('Website &lt;!channel&gt; sync');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('Suggested: *Acme &lt;Web&gt;* (title mentions \\"website\\")');
    expect(text).toContain('No suggestion: pick a project');
    expect(text).toContain('Log all suggested (4)');
  });

  it('Log creates the entry and updates the message in place; a retried click changes nothing', async () => {
    const msg = nudges()[0]!;
    const payload = await click(msg, { actionId: 'review_log', value: m.one });
    expect(await entriesFor(m.one!)).toMatchObject([{ projectId: projects['acme-web'], source: 'calendar' }]);
    expect(blocksText(msg)).toContain('Logged to *Acme &lt;Web&gt;*');
    expect(msg.text).toBe('🗓️ 5 meetings waiting to be logged');

    // Slack delivers the same click again.
    const updates = msg.updates;
    await sendInteraction(kit, payload).expect(200);
    await eventually(() => (msg.updates ?? 0) > (updates ?? 0));
    expect(await entriesFor(m.one!)).toHaveLength(1);
    expect(blocksText(msg)).toContain('Logged to *Acme &lt;Web&gt;*');
    expect(msg.text).toBe('🗓️ 5 meetings waiting to be logged');
  });

  it('Change project logs to the project picked in the select menu', async () => {
    const msg = nudges()[0]!;
    await click(msg, { actionId: 'review_project', optionValue: `${m.two}|${projects.ops}` });
    expect(await entriesFor(m.two!)).toMatchObject([{ projectId: projects.ops }]);
    expect(blocksText(msg)).toContain('Logged to *Ops*');
  });

  it('a stale button on a meeting logged elsewhere says so instead of failing', async () => {
    const msg = nudges()[0]!;
    await as(kit.t.app, install.owner)
      .post('/api/v1/review/accept')
      .send({ event_ids: [m.three], project_id: projects.ops })
      .expect(200);
    await click(msg, { actionId: 'review_log', value: m.three });
    expect(await entriesFor(m.three!)).toMatchObject([{ projectId: projects.ops }]);
    expect(blocksText(msg)).toContain('That meeting was already logged to Ops; nothing changed.');
  });

  it('"Log all suggested" logs every suggested meeting of the message; Dismiss takes one out for good', async () => {
    const msg = nudges()[0]!;
    expect(blocksText(msg)).toContain('Log all suggested (2)');
    await click(msg, { actionId: 'review_log_all' });
    expect(await entriesFor(m.five!)).toMatchObject([{ projectId: projects['acme-web'] }]);
    expect(await entriesFor(m.six!)).toMatchObject([{ projectId: projects['acme-web'] }]);
    expect(await entriesFor(m.four!)).toHaveLength(0);

    await click(msg, { actionId: 'review_dismiss', value: m.four });
    expect(blocksText(msg)).toContain('Dismissed');
    expect(msg.text).toBe('🗓️ All caught up: nothing left to log here');
    const inbox = await as(kit.t.app, install.owner).get('/api/v1/review').expect(200);
    expect(inbox.body.total).toBe(0);
  });
});
