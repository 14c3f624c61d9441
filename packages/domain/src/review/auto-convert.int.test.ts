import { describe, expect, it } from 'vitest';
import { insertOrganization } from '@billops/testing';
import { connectGoogle, isoIn, useGoogleSandboxContext } from '@billops/testing/domain';
import { selectCalendar } from '../calendar/integrations.ts';
import { syncCalendar } from '../calendar/sync/sync-calendar.ts';
import { autoConvertMeetings } from './auto-convert.ts';
import { listReview } from './list-review.ts';
import { undoAutoEntries } from './undo-auto-entries.ts';

const w = useGoogleSandboxContext();

const meeting = (hoursFromNow: number, summary: string) => ({
  summary,
  start: { dateTime: isoIn(hoursFromNow), timeZone: 'Europe/Berlin' },
  end: { dateTime: isoIn(hoursFromNow + 1), timeZone: 'Europe/Berlin' },
});

describe('auto-convert at the next sync', () => {
  it('turns finished meetings matching an auto-convert rule into auto entries, once, and undo keeps them out', async () => {
    const providerCalendarId = `auto-${Date.now()}@group.calendar.google.com`;
    await w.control('POST', '/calendars', { id: providerCalendarId, summary: 'Auto', timeZone: 'Europe/Berlin' });
    const user = await insertOrganization(w.harness.ctx);
    await connectGoogle(w.harness.ctx, user, 'auto@example.com');
    const integration = await selectCalendar(w.harness.ctx, {
      userId: user.userId,
      provider: 'google',
      providerCalendarId,
      calendarName: 'Work',
    });
    const { prisma } = w.harness.ctx;
    const standups = await prisma.project.create({
      data: { organizationId: user.organizationId, name: 'Standups', code: 'standups', keywords: ['standup'], autoConvert: true },
    });
    await prisma.project.create({ data: { organizationId: user.organizationId, name: 'Reviews', code: 'reviews', keywords: ['review'] } });
    const add = (body: Record<string, unknown>) => w.control('POST', `/calendars/${encodeURIComponent(providerCalendarId)}/events`, body);
    await add(meeting(-5, 'Team standup'));
    await add(meeting(-3, 'Design review')); // a rule without auto-convert: suggested only
    await add(meeting(2, 'Standup tomorrow-ish')); // not finished yet

    // The worker runs the conversion after each sync (its calendar-sync handler queues it): here, by hand.
    const sync = (claimId: string, mode: 'incremental' | 'full') => syncCalendar(w.harness.ctx, integration.id, { mode, claimId });
    const convert = () => autoConvertMeetings(w.harness.ctx, integration.id);
    await sync('auto-1', 'incremental');
    expect(await convert()).toEqual({ converted: 1 });
    const entries = await prisma.timeEntry.findMany({ where: { userId: user.userId } });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ projectId: standups.id, source: 'calendar', auto: true, description: 'Team standup' });

    const actor = { userId: user.userId, organizationId: user.organizationId, role: 'owner' as const };
    const inbox = await listReview(w.harness.ctx, actor, { limit: 50 });
    expect(inbox.items.map((i) => [i.meeting.eventTitle, i.suggestion?.reason])).toEqual([['Design review', 'title mentions "review"']]);

    // Undo deletes the entry and dismisses the meeting: the next sync leaves it alone.
    expect(await undoAutoEntries(w.harness.ctx, actor, [entries[0]!.id])).toMatchObject([{ status: 'undone' }]);
    await sync('auto-2', 'full');
    expect(await convert()).toEqual({ converted: 0 });
    expect(await prisma.timeEntry.count({ where: { userId: user.userId } })).toBe(0);
  });
});
