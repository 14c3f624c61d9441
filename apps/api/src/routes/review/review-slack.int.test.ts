import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageClickPayload, type RecordedMessage } from '@billops/sandbox';
import { eventually, insertCalendar } from '@billops/testing';
import {
  addMembers,
  finishedJob,
  installWorkspace,
  messagesTo,
  sendInteraction,
  startSlackKit,
  type SlackKit,
} from '../integrations/slack/slack-test-kit.ts';
import { addMemberAndLogin, as, type Session } from '../../testing/members.ts';

// The worker's clock is fixed: the tick's "due" and the nudge's "today" do not depend on the hour
// the suite runs (noon UTC: users left at the default 17:30 are not due).
const NOW = '2026-03-02T12:00:00Z';
const TODAY = '2026-03-02';

// Shared and never changed by a test: the workspace, its owner and the organization's projects.
let kit: SlackKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
const projects: Record<string, string> = {};

beforeAll(async () => {
  kit = await startSlackKit();
  kit.w.clock.set(NOW);
  install = await installWorkspace(kit);
  for (const [code, name, keywords] of [
    ['acme-web', 'Acme <Web>', ['website']],
    ['ops', 'Ops', []],
  ] as const) {
    projects[code] = (await as(kit.t.app, install.owner).post('/api/v1/projects').send({ name, code, keywords }).expect(201)).body.id;
  }
}, 60_000);
afterAll(async () => {
  await kit?.close();
});

type Reviewer = { session: Session; slackUserId: string; m: Record<'one' | 'two' | 'three' | 'four' | 'five' | 'six', string> };
let reviewers = 0;

/** A new member of the workspace's organization, linked in Slack, with six meetings waiting (long past). */
async function reviewer(): Promise<Reviewer> {
  reviewers += 1;
  const session = await addMemberAndLogin(kit.t.app, install.owner);
  const slackUserId = `U0REVIEW${String(reviewers).padStart(3, '0')}`;
  await addMembers(kit, [{ id: slackUserId, name: `reviewer${reviewers}`, email: session.email }]);
  await kit.t.db.prisma.slackUserBinding.create({
    data: { userId: session.userId, slackIntegrationId: install.workspace.id, slackUserId },
  });
  const cal = await insertCalendar(kit.t.deps, session.userId);
  const m = {
    one: await cal.add({ title: 'Website <!channel> sync', start: '2026-02-02T09:00:00Z' }),
    two: await cal.add({ title: 'Planning', start: '2026-02-02T11:00:00Z' }),
    three: await cal.add({ title: 'Website review', start: '2026-02-02T13:00:00Z' }),
    four: await cal.add({ title: 'Chat', start: '2026-02-02T14:00:00Z' }),
    five: await cal.add({ title: 'Website QA', start: '2026-02-01T09:00:00Z' }),
    six: await cal.add({ title: 'Website launch', start: '2026-02-01T11:00:00Z' }),
  };
  return { session, slackUserId, m };
}

const nudgesTo = (r: Reviewer) => messagesTo(kit, r.slackUserId).filter((msg) => msg.text?.startsWith('🗓️'));

/** A reviewer and today's nudge, sent by its job. */
async function nudged(): Promise<Reviewer & { msg: RecordedMessage }> {
  const r = await reviewer();
  const jobId = `nudge-${r.session.userId}`;
  await kit.t.deps.queues.enqueue('reviewNudge', { userId: r.session.userId, date: TODAY }, { jobId });
  expect((await finishedJob(kit, jobId)).returnvalue).toEqual({ status: 'sent' });
  return { ...r, msg: nudgesTo(r)[0]! };
}

const blocksText = (msg: RecordedMessage) => JSON.stringify(msg.blocks);
const entriesFor = (eventId: string) => kit.t.db.prisma.timeEntry.findMany({ where: { sourceRef: `calendar:${eventId}` } });

/** Clicks like a Slack member (payload built from the message as it is now, signed), then waits for the message update. */
async function click(r: Reviewer, msg: RecordedMessage, action: { actionId: string; value?: string; optionValue?: string }) {
  const before = msg.updates ?? 0;
  const payload = messageClickPayload(kit.sandbox.slack.state, kit.sandbox.url, { ts: msg.ts, userId: r.slackUserId, ...action });
  await sendInteraction(kit, payload).expect(200);
  await eventually(() => (msg.updates ?? 0) > before, { what: 'the nudge message to be updated' });
  return payload;
}

describe('the daily review nudge in Slack', () => {
  it('is sent once per local day by the tick, to users whose nudge time has come, listing waiting meetings with suggestions', async () => {
    const r = await reviewer();
    const userId = r.session.userId;
    await kit.t.db.prisma.user.update({ where: { id: userId }, data: { reviewNudgeEnabled: false, reviewNudgeTime: '00:00' } });
    await kit.t.deps.queues.enqueue('reviewNudge', {}, { jobId: 'nudge-tick-off' });
    expect((await finishedJob(kit, 'nudge-tick-off')).returnvalue).toEqual({ enqueued: 0 });

    await as(kit.t.app, r.session).patch('/api/v1/review/settings').send({ nudge_enabled: true, nudge_time: '00:00' }).expect(200);
    await kit.t.deps.queues.enqueue('reviewNudge', {}, { jobId: 'nudge-tick' });
    expect((await finishedJob(kit, 'nudge-tick')).returnvalue).toEqual({ enqueued: 1 });
    expect((await finishedJob(kit, `review-nudge-${userId}-${TODAY}`)).returnvalue).toEqual({ status: 'sent' });
    // Again the same day: nothing more.
    await kit.t.deps.queues.enqueue('reviewNudge', { userId, date: TODAY }, { jobId: 'nudge-again' });
    expect((await finishedJob(kit, 'nudge-again')).returnvalue).toEqual({ status: 'already_sent' });
    expect(nudgesTo(r)).toHaveLength(1);

    const msg = nudgesTo(r)[0]!;
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
    const r = await nudged();
    const payload = await click(r, r.msg, { actionId: 'review_log', value: r.m.one });
    expect(await entriesFor(r.m.one)).toMatchObject([{ projectId: projects['acme-web'], source: 'calendar' }]);
    expect(blocksText(r.msg)).toContain('Logged to *Acme &lt;Web&gt;*');
    expect(r.msg.text).toBe('🗓️ 5 meetings waiting to be logged');

    // Slack delivers the same click again.
    const updates = r.msg.updates;
    await sendInteraction(kit, payload).expect(200);
    await eventually(() => (r.msg.updates ?? 0) > (updates ?? 0), { what: 'the nudge message to be updated again' });
    expect(await entriesFor(r.m.one)).toHaveLength(1);
    expect(blocksText(r.msg)).toContain('Logged to *Acme &lt;Web&gt;*');
    expect(r.msg.text).toBe('🗓️ 5 meetings waiting to be logged');
  });

  it('Change project logs to the project picked in the select menu', async () => {
    const r = await nudged();
    await click(r, r.msg, { actionId: 'review_project', optionValue: `${r.m.two}|${projects.ops}` });
    expect(await entriesFor(r.m.two)).toMatchObject([{ projectId: projects.ops }]);
    expect(blocksText(r.msg)).toContain('Logged to *Ops*');
  });

  it('a stale button on a meeting logged elsewhere says so instead of failing', async () => {
    const r = await nudged();
    await as(kit.t.app, r.session)
      .post('/api/v1/review/accept')
      .send({ event_ids: [r.m.three], project_id: projects.ops })
      .expect(200);
    await click(r, r.msg, { actionId: 'review_log', value: r.m.three });
    expect(await entriesFor(r.m.three)).toMatchObject([{ projectId: projects.ops }]);
    expect(blocksText(r.msg)).toContain('That meeting was already logged to Ops; nothing changed.');
  });

  it('"Log all suggested" logs every suggested meeting of the message; Dismiss takes one out for good', async () => {
    const r = await nudged();
    expect(blocksText(r.msg)).toContain('Log all suggested (4)');
    await click(r, r.msg, { actionId: 'review_log_all' });
    for (const id of [r.m.one, r.m.three, r.m.five, r.m.six])
      expect(await entriesFor(id)).toMatchObject([{ projectId: projects['acme-web'] }]);
    expect(await entriesFor(r.m.two)).toHaveLength(0);
    expect(await entriesFor(r.m.four)).toHaveLength(0);

    await click(r, r.msg, { actionId: 'review_dismiss', value: r.m.four });
    expect(blocksText(r.msg)).toContain('Dismissed');
    expect(r.msg.text).toBe('🗓️ 1 meeting waiting to be logged');
    await click(r, r.msg, { actionId: 'review_dismiss', value: r.m.two });
    expect(r.msg.text).toBe('🗓️ All caught up: nothing left to log here');
    const inbox = await as(kit.t.app, r.session).get('/api/v1/review').expect(200);
    expect(inbox.body.total).toBe(0);
  });
});
