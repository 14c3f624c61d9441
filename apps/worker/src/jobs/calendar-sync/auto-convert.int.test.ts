import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import type { Job } from 'bullmq';
import { listReview, selectCalendar, undoAutoEntries } from '@billops/domain';
import { calendarSyncHandler } from './handler.ts';
import { createTestWorkerContext, type TestWorkerContext } from '../../testing/harness.ts';
import { connectGoogle, createUser, googleControl, isoIn } from './test-helpers.ts';

let sandbox: RunningSandbox;
let harness: TestWorkerContext;
let control: ReturnType<typeof googleControl>;

beforeAll(async () => {
  sandbox = await startSandbox();
  control = googleControl(sandbox.url);
  harness = await createTestWorkerContext({ SANDBOX_URL: sandbox.url });
});
afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

const meeting = (hoursFromNow: number, summary: string) => ({
  summary,
  start: { dateTime: isoIn(hoursFromNow), timeZone: 'Europe/Berlin' },
  end: { dateTime: isoIn(hoursFromNow + 1), timeZone: 'Europe/Berlin' },
});

describe('auto-convert at the next sync', () => {
  it('turns finished meetings matching an auto-convert rule into auto entries, once, and undo keeps them out', async () => {
    const providerCalendarId = `auto-${Date.now()}@group.calendar.google.com`;
    await control('POST', '/calendars', { id: providerCalendarId, summary: 'Auto', timeZone: 'Europe/Berlin' });
    const user = await createUser(harness.ctx);
    await connectGoogle(harness.ctx, user, 'auto@example.com');
    const integration = await selectCalendar(harness.ctx, { userId: user.userId, provider: 'google', providerCalendarId, calendarName: 'Work' });
    const { prisma } = harness.ctx;
    const standups = await prisma.project.create({ data: { organizationId: user.organizationId, name: 'Standups', code: 'standups', keywords: ['standup'], autoConvert: true } });
    await prisma.project.create({ data: { organizationId: user.organizationId, name: 'Reviews', code: 'reviews', keywords: ['review'] } });
    const add = (body: Record<string, unknown>) => control('POST', `/calendars/${encodeURIComponent(providerCalendarId)}/events`, body);
    await add(meeting(-5, 'Team standup'));
    await add(meeting(-3, 'Design review')); // a rule without auto-convert: suggested only
    await add(meeting(2, 'Standup tomorrow-ish')); // not finished yet

    const job = { id: 'auto-1' } as Job;
    const first = await calendarSyncHandler(harness.ctx, { calendarId: integration.id, mode: 'incremental', reason: 'manual' }, job);
    expect(first).toMatchObject({ autoConverted: 1 });
    const entries = await prisma.timeEntry.findMany({ where: { userId: user.userId } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ projectId: standups.id, source: 'calendar', auto: true, description: 'Team standup' });

    const actor = { userId: user.userId, organizationId: user.organizationId, role: 'owner' as const };
    const inbox = await listReview(harness.ctx, actor, { limit: 50 });
    expect(inbox.items.map((i) => [i.meeting.eventTitle, i.suggestion?.reason])).toEqual([['Design review', 'title mentions "review"']]);

    // Undo deletes the entry and dismisses the meeting: the next sync leaves it alone.
    expect(await undoAutoEntries(harness.ctx, actor, [entries[0]!.id])).toMatchObject([{ status: 'undone' }]);
    const second = await calendarSyncHandler(harness.ctx, { calendarId: integration.id, mode: 'full', reason: 'manual' }, { id: 'auto-2' } as Job);
    expect(second).toMatchObject({ autoConverted: 0 });
    expect(await prisma.timeEntry.count({ where: { userId: user.userId } })).toBe(0);
  });
});
