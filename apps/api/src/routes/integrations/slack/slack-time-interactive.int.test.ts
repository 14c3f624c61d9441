import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, insertProject } from '@billops/testing';
import { addDays, localDateOf } from '@billops/core';
import {
  blockActionsPayload,
  globalShortcutPayload,
  messageShortcutPayload,
  newTriggerId,
  stateValue,
  viewSubmissionPayload,
  type SandboxView,
} from '@billops/sandbox';
import {
  buttonOf,
  entryIdOf,
  finishedJob,
  installWorkspace,
  messagesTo,
  sendInteraction,
  sendTime,
  startSlackKit,
  TEAM_ID,
  type SlackKit,
} from './slack-test-kit.ts';

let kit: SlackKit;
let install: Awaited<ReturnType<typeof installWorkspace>>;
let projectId: string;
let timeZone: string;

/** A fixed-offset zone where it is around noon now, so "today" cannot roll over during this file. */
function zoneNearNoon(now = new Date()): string {
  const offset = Math.max(-12, Math.min(14, 12 - now.getUTCHours()));
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

beforeAll(async () => {
  kit = await startSlackKit();
  install = await installWorkspace(kit);
  timeZone = zoneNearNoon();
  await kit.t.db.prisma.user.update({ where: { id: install.owner.userId }, data: { timeZone } });
  ({ projectId } = await insertProject(kit.t.deps, install.owner.organizationId, {
    clientName: 'Acme Corp',
    name: 'Acme Web',
    code: 'acme-web',
  }));
});
afterAll(async () => {
  await kit?.close();
});

const who = () => ({ teamId: TEAM_ID, userId: install.slackUserId });
const today = () => localDateOf(new Date(), timeZone);
let responseCounter = 0;
const responseUrl = () => `${kit.sandbox.url}/slack/_response/interactive-${(responseCounter += 1)}`;
const responseAt = (url: string) => eventually(() => kit.sandbox.slack.state.responses.find((r) => url.endsWith(`/${r.id}`)));
const viewsOpened = () => [...kit.sandbox.slack.state.views.values()];
const lastView = (): SandboxView => viewsOpened().at(-1)!;

type Values = { duration?: string | null; project?: string | null; day?: string | null; description?: string | null; billable?: boolean };
function submit(view: SandboxView, values: Values) {
  const state: Record<string, Record<string, unknown>> = {};
  if (values.duration !== undefined) state.duration = { value: stateValue.text(values.duration) };
  if (values.project !== undefined) state.project = { value: stateValue.select(values.project) };
  if (values.day !== undefined) state.day = { value: stateValue.date(values.day) };
  if (values.description !== undefined) state.description = { value: stateValue.text(values.description) };
  if (values.billable !== undefined) state.billable = { value: stateValue.checkboxes(values.billable ? ['billable'] : []) };
  return sendInteraction(kit, viewSubmissionPayload({ ...who(), view, values: state }));
}

const blockOf = (view: SandboxView, id: string) =>
  view.blocks.find((b) => b.block_id === id) as { element: Record<string, unknown> } | undefined;

describe('Edit', () => {
  it('opens the modal prefilled, shows field errors, and updates the entry and the reply', async () => {
    const res = await sendTime(kit, '1h #acme-web: first draft', { slackUserId: install.slackUserId }).expect(200);
    const entryId = entryIdOf(res);
    expect(buttonOf(res.body, 'edit_time_entry').value).toBe(entryId);

    const url = responseUrl();
    const click = await sendInteraction(
      kit,
      blockActionsPayload({ ...who(), actionId: 'edit_time_entry', value: entryId, responseUrl: url }),
    ).expect(200);
    expect(click.text).toBe('');
    const view = lastView();
    expect(view).toMatchObject({ callback_id: 'time_entry_modal', title: { text: 'Edit time entry' } });
    expect(JSON.parse(view.private_metadata)).toEqual({ entryId, responseUrl: url });
    expect(blockOf(view, 'duration')!.element.initial_value).toBe('1h');
    expect(blockOf(view, 'day')!.element.initial_date).toBe(today());
    expect(blockOf(view, 'description')!.element.initial_value).toBe('first draft');
    expect((blockOf(view, 'project')!.element.initial_option as { value: string }).value).toBe(projectId);

    // Invalid: a unit we do not log in, and a day in the future. The modal stays open with both errors.
    const invalid = await submit(view, {
      duration: '3 days',
      project: projectId,
      day: addDays(today(), 1),
      description: 'x',
      billable: true,
    }).expect(200);
    expect(invalid.body).toEqual({
      response_action: 'errors',
      errors: { duration: expect.stringContaining('`days` is not a unit'.replace(/`/g, '')), day: expect.stringContaining('future') },
    });
    expect(await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({
      durationSeconds: 3600,
      description: 'first draft',
    });

    const valid = await submit(view, { duration: '1h30', project: null, day: today(), description: 'final draft', billable: false }).expect(
      200,
    );
    expect(valid.body).toEqual({ response_action: 'clear' });
    expect(await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { id: entryId } })).toMatchObject({
      durationSeconds: 5400,
      description: 'final draft',
      billable: false,
      projectId: null,
    });
    const updated = await responseAt(url);
    expect(updated.body).toMatchObject({ replace_original: true, text: expect.stringContaining('Updated 1.5 hours for today') });
    expect(JSON.stringify(updated.body)).toContain('edit_time_entry');
  });

  it('refuses an invoiced entry, a stranger, and says so when the trigger has expired', async () => {
    const res = await sendTime(kit, '2h: billed already', { slackUserId: install.slackUserId }).expect(200);
    const entryId = entryIdOf(res);
    const client = await kit.t.db.prisma.client.findFirstOrThrow({ where: { organizationId: install.owner.organizationId } });
    const invoice = await kit.t.db.prisma.invoice.create({
      data: {
        organizationId: install.owner.organizationId,
        clientId: client.id,
        number: `INV-${Date.now()}`,
        currency: 'USD',
        totalCents: 100,
        periodStart: new Date(),
        periodEnd: new Date(),
      },
    });
    await kit.t.db.prisma.timeEntry.update({ where: { id: entryId }, data: { invoiceId: invoice.id } });
    const before = viewsOpened().length;

    const invoicedUrl = responseUrl();
    await sendInteraction(
      kit,
      blockActionsPayload({ ...who(), actionId: 'edit_time_entry', value: entryId, responseUrl: invoicedUrl }),
    ).expect(200);
    expect((await responseAt(invoicedUrl)).body).toMatchObject({ text: expect.stringContaining('already on an invoice') });

    const strangerUrl = responseUrl();
    await sendInteraction(
      kit,
      blockActionsPayload({ teamId: TEAM_ID, userId: 'U0NOBODY01', actionId: 'edit_time_entry', value: entryId, responseUrl: strangerUrl }),
    ).expect(200);
    expect((await responseAt(strangerUrl)).body).toMatchObject({ text: expect.stringContaining("isn't linked") });

    const mine = entryIdOf(await sendTime(kit, '15m: stale click', { slackUserId: install.slackUserId }).expect(200));
    const expiredUrl = responseUrl();
    await sendInteraction(
      kit,
      blockActionsPayload({
        ...who(),
        actionId: 'edit_time_entry',
        value: mine,
        responseUrl: expiredUrl,
        triggerId: newTriggerId(Date.now() - 10_000),
      }),
    ).expect(200);
    expect((await responseAt(expiredUrl)).body).toMatchObject({ text: expect.stringContaining('expired_trigger_id') });
    expect(viewsOpened().length).toBe(before);
  });
});

describe('The modal from /time, and shortcuts', () => {
  it('/time with no text opens the empty modal; a valid submit logs once, even submitted twice', async () => {
    const url = responseUrl();
    const res = await sendTime(kit, '', { slackUserId: install.slackUserId, responseUrl: url, triggerId: newTriggerId() }).expect(200);
    expect(res.text).toBe('');
    const view = lastView();
    expect(view.title).toMatchObject({ text: 'Log time' });
    expect(blockOf(view, 'duration')!.element.initial_value).toBeUndefined();
    expect(blockOf(view, 'billable')!.element.initial_options).toEqual([expect.objectContaining({ value: 'billable' })]);

    const missing = await submit(view, { duration: '', day: today() }).expect(200);
    expect(missing.body).toMatchObject({ response_action: 'errors', errors: { duration: expect.stringContaining('Enter a duration') } });

    const first = await submit(view, {
      duration: '45m',
      project: projectId,
      day: addDays(today(), -1),
      description: 'from the form',
      billable: true,
    }).expect(200);
    expect(first.body).toEqual({ response_action: 'clear' });
    await submit(view, {
      duration: '45m',
      project: projectId,
      day: addDays(today(), -1),
      description: 'from the form',
      billable: true,
    }).expect(200);
    const entries = await kit.t.db.prisma.timeEntry.findMany({ where: { sourceRef: `slack:${TEAM_ID}:view:${view.id}` } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ durationSeconds: 2700, projectId, description: 'from the form', source: 'slack' });
    // Yesterday in the user's zone, ending at 18:00 there.
    expect(localDateOf(entries[0]!.startedAt, timeZone)).toBe(addDays(today(), -1));
    expect((await responseAt(url)).body).toMatchObject({
      text: expect.stringContaining('Logged 45 minutes on Acme Web (Acme Corp) for yesterday'),
    });
  });

  it('the message shortcut pre-fills the message as description (threads too); the global shortcut opens the form', async () => {
    const url = responseUrl();
    const text = 'Reviewed the <https://example.com|spec> with the client';
    await sendInteraction(
      kit,
      messageShortcutPayload({
        ...who(),
        callbackId: 'log_time_from_message',
        responseUrl: url,
        message: { text, threadTs: '1700000000.000100' },
      }),
    ).expect(200);
    const view = lastView();
    expect(blockOf(view, 'description')!.element.initial_value).toBe(text);
    await submit(view, { duration: '2,5', day: today(), description: text, billable: true }).expect(200);
    expect(await kit.t.db.prisma.timeEntry.findFirstOrThrow({ where: { sourceRef: `slack:${TEAM_ID}:view:${view.id}` } })).toMatchObject({
      durationSeconds: 9000,
      description: text,
    });
    expect((await responseAt(url)).body).toMatchObject({ text: expect.stringContaining('Logged 2.5 hours') });

    const before = viewsOpened().length;
    await sendInteraction(kit, globalShortcutPayload({ ...who(), callbackId: 'log_time' })).expect(200);
    expect(viewsOpened().length).toBe(before + 1);
    expect(lastView()).toMatchObject({ callback_id: 'time_entry_modal', title: { text: 'Log time' } });
    // Signed like every webhook.
    const unsigned = await request(kit.t.app)
      .post('/api/v1/integrations/slack/interactions')
      .type('form')
      .send(`payload=${encodeURIComponent(JSON.stringify(globalShortcutPayload({ ...who(), callbackId: 'log_time' })))}`);
    expect(unsigned.status).toBe(401);
    expect(viewsOpened().length).toBe(before + 1);
  });
});

describe('/time list', () => {
  it("shows today's and this week's entries with totals, each with an Edit/Undo menu", async () => {
    const a = entryIdOf(await sendTime(kit, '20m #acme-web: list me', { slackUserId: install.slackUserId }).expect(200));
    const res = await sendTime(kit, 'list', { slackUserId: install.slackUserId }).expect(200);
    expect(res.body.response_type).toBe('ephemeral');
    const entries = await kit.t.db.prisma.timeEntry.findMany({ where: { userId: install.owner.userId } });
    const todays = entries.filter((e) => localDateOf(e.startedAt, timeZone) === today());
    const minutes = Math.round(todays.reduce((s, e) => s + e.durationSeconds, 0) / 60);
    expect(res.body.text).toMatch(/^Today: .* · This week: /);
    expect(res.body.blocks[0].text.text).toContain(`*Today, `);
    const json = JSON.stringify(res.body);
    expect(json).toContain('list me');
    expect(json).toContain(`edit:${a}`);
    expect(json).toContain(`undo:${a}`);
    expect(minutes).toBeGreaterThan(0);

    const url = responseUrl();
    const menu = blockActionsPayload({ ...who(), actionId: 'time_entry_menu', responseUrl: url });
    menu.actions = [
      {
        ...menu.actions[0]!,
        type: 'overflow',
        selected_option: { text: { type: 'plain_text', text: 'Undo', emoji: true }, value: `undo:${a}` },
      } as never,
    ];
    await sendInteraction(kit, menu).expect(200);
    expect(await kit.t.db.prisma.timeEntry.findUnique({ where: { id: a } })).toBeNull();
    expect((await responseAt(url)).body).toMatchObject({ text: expect.stringContaining('Undone') });
  });
});

describe('Timer', () => {
  it('start, status, a second start stops the first, stop logs it; running time is never counted', async () => {
    const entriesBefore = await kit.t.db.prisma.timeEntry.count({ where: { userId: install.owner.userId } });
    const started = await sendTime(kit, 'start #acme-web: design review', { slackUserId: install.slackUserId }).expect(200);
    expect(started.body.text).toContain('Timer started (project `#acme-web`, description “design review”)');
    const status = await sendTime(kit, 'status', { slackUserId: install.slackUserId }).expect(200);
    expect(status.body.text).toMatch(/Timer running for \*\d+ minutes?\* on \*Acme Web\* — “design review”/);
    // Running: not an entry, not in the list's totals.
    expect(await kit.t.db.prisma.timeEntry.count({ where: { userId: install.owner.userId } })).toBe(entriesBefore);
    const list = await sendTime(kit, 'list', { slackUserId: install.slackUserId }).expect(200);
    expect(JSON.stringify(list.body)).toContain('not counted until stopped');

    // Back-date the timer so stopping it logs something measurable.
    await kit.t.db.prisma.runningTimer.update({
      where: { userId: install.owner.userId },
      data: { startedAt: new Date(Date.now() - 50 * 60_000) },
    });
    const second = await sendTime(kit, 'start: something else', { slackUserId: install.slackUserId }).expect(200);
    expect(second.body.text).toContain('I stopped your previous timer and logged *50 minutes* on *Acme Web* — “design review”');
    expect(await kit.t.db.prisma.runningTimer.count({ where: { userId: install.owner.userId } })).toBe(1);

    await kit.t.db.prisma.runningTimer.update({
      where: { userId: install.owner.userId },
      data: { startedAt: new Date(Date.now() - 90 * 60_000) },
    });
    const stopped = await sendTime(kit, 'stop', { slackUserId: install.slackUserId }).expect(200);
    expect(stopped.body.text).toContain('Timer stopped. Logged 1.5 hours');
    expect(stopped.body.text).toContain('something else');
    const entry = await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { id: entryIdOf(stopped) } });
    expect(entry.durationSeconds).toBeGreaterThanOrEqual(5400);
    expect(entry.sourceRef).toMatch(/^timer:/);
    expect(await kit.t.db.prisma.timeEntry.count({ where: { userId: install.owner.userId } })).toBe(entriesBefore + 2);
    const again = await sendTime(kit, 'stop', { slackUserId: install.slackUserId }).expect(200);
    expect(again.body.text).toContain('No timer is running');
  });

  it('a timer left running past 12 hours is stopped at the 12-hour mark by the scheduled sweep, and the user told once', async () => {
    const startedAt = new Date(Date.now() - 13 * 3600_000);
    await kit.t.db.prisma.runningTimer.deleteMany({ where: { userId: install.owner.userId } });
    const timer = await kit.t.db.prisma.runningTimer.create({
      data: {
        organizationId: install.owner.organizationId,
        userId: install.owner.userId,
        projectId,
        description: 'forgot to stop',
        startedAt,
      },
    });
    await kit.t.deps.queues.enqueue('stopStaleTimers', {}, { jobId: 'sweep-1' });
    expect((await finishedJob(kit, 'sweep-1')).returnvalue).toEqual({ stopped: 1 });
    const entry = await kit.t.db.prisma.timeEntry.findUniqueOrThrow({ where: { sourceRef: `timer:${timer.id}` } });
    expect(entry).toMatchObject({ durationSeconds: 12 * 3600, description: 'forgot to stop', projectId });
    expect(entry.startedAt.getTime()).toBe(startedAt.getTime());
    expect(await kit.t.db.prisma.runningTimer.count({ where: { userId: install.owner.userId } })).toBe(0);
    const dms = messagesTo(kit, install.slackUserId).filter((m) => m.text?.includes('ran for 12 hours'));
    expect(dms).toHaveLength(1);
    expect(dms[0]!.text).toContain('logged *12 hours* on *Acme Web* — “forgot to stop”');

    await kit.t.deps.queues.enqueue('stopStaleTimers', {}, { jobId: 'sweep-2' });
    expect((await finishedJob(kit, 'sweep-2')).returnvalue).toEqual({ stopped: 0 });
    expect(messagesTo(kit, install.slackUserId).filter((m) => m.text?.includes('ran for 12 hours'))).toHaveLength(1);
  });
});
