import { describe, expect, it } from 'vitest';
import { sealedField } from '@billops/db';
import { insertOrganization } from '@billops/testing';
import { connectGoogle, connectSandboxCalendar, isoIn, useGoogleSandboxContext } from '@billops/testing/domain';
import { convertEvents } from '../convert-events.ts';
import { getAccessToken } from '../token-refresher.ts';
import { relayOutbox } from '../../outbox/relay.ts';
import { syncCalendar, type SyncOptions } from './sync-calendar.ts';

const w = useGoogleSandboxContext();
const options: SyncOptions = { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };
let calendarCounter = 0;

type Ev = { id: string; summary: string };
const timed = (hoursFromNow: number, summary: string, extra: Record<string, unknown> = {}) => ({
  summary,
  start: { dateTime: isoIn(hoursFromNow), timeZone: 'Europe/Berlin' },
  end: { dateTime: isoIn(hoursFromNow + 1), timeZone: 'Europe/Berlin' },
  ...extra,
});

/** A fresh user, connected, with a fresh sandbox calendar selected. */
async function setup() {
  calendarCounter += 1;
  const { user, email, account, integration, providerCalendarId } = await connectSandboxCalendar(
    w.harness.ctx,
    w.control,
    `user${calendarCounter}`,
  );
  const add = async (body: Record<string, unknown>) =>
    await w.control<{ event: Ev; instances: Ev[] }>('POST', `/calendars/${encodeURIComponent(providerCalendarId)}/events`, body);
  const path = (id: string) => `/calendars/${encodeURIComponent(providerCalendarId)}/events/${id}`;
  const rows = () =>
    w.harness.ctx.prisma.syncedCalendarEvent.findMany({ where: { calendarId: integration.id }, orderBy: { eventStart: 'asc' } });
  return { user, email, account, integration, providerCalendarId, add, path, rows };
}

describe('calendar sync engine against the Google sandbox', () => {
  it('full sync stores timed events and instances, skips all-day; incremental picks up exactly an add, a change, a delete', async () => {
    const s = await setup();
    const keep = (await s.add(timed(2, 'Unchanged meeting'))).event;
    const change = (await s.add(timed(5, 'Old title'))).event;
    const remove = (await s.add(timed(8, 'Will be deleted'))).event;
    await s.add({ summary: 'Offsite', start: { date: isoIn(24).slice(0, 10) }, end: { date: isoIn(48).slice(0, 10) } });
    const series = await s.add({ ...timed(26, 'Standup'), recurrence: { count: 3 } });

    const first = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(first).toMatchObject({ fullPass: true, eventsSynced: 6, newEvents: 6, updatedEvents: 0, deletedEvents: 0 });
    const rows = await s.rows();
    expect(rows).toHaveLength(6);
    expect(rows.some((r) => r.eventTitle === 'Offsite')).toBe(false);
    const instances = rows.filter((r) => r.recurringEventId === series.event.id);
    expect(instances.map((r) => r.providerEventId).sort()).toEqual(series.instances.map((i) => i.id).sort());
    expect(rows[0]!.eventTimeZone).toBe('Europe/Berlin');
    const calendar = await w.harness.ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: s.integration.id } });
    expect(calendar.syncCursor).toBeTruthy();
    expect(calendar.syncStatus).toBe('succeeded');

    const before = new Map(rows.map((r) => [r.providerEventId, r.updatedAt.getTime()]));
    await s.add(timed(10, 'Brand new'));
    await w.control('PATCH', s.path(change.id), { summary: 'New title' });
    await w.control('DELETE', s.path(remove.id));
    const second = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(second).toMatchObject({ fullPass: false, newEvents: 1, updatedEvents: 1, deletedEvents: 1 });
    const after = await s.rows();
    expect(after).toHaveLength(7);
    expect(after.find((r) => r.providerEventId === change.id)?.eventTitle).toBe('New title');
    expect(after.find((r) => r.providerEventId === remove.id)?.isCancelled).toBe(true);
    // Unchanged rows are not rewritten.
    expect(after.find((r) => r.providerEventId === keep.id)?.updatedAt.getTime()).toBe(before.get(keep.id));

    const third = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(third).toMatchObject({ eventsSynced: 0, newEvents: 0, updatedEvents: 0, deletedEvents: 0 });
  });

  it('follows every page of a full pass and of an incremental pass', async () => {
    const s = await setup();
    for (let i = 0; i < 7; i += 1) await s.add(timed(1 + i, `Meeting ${i}`));
    await w.control('PUT', '/settings', { maxPageSize: 3 });
    try {
      const before = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
      const first = await syncCalendar(w.harness.ctx, s.integration.id, options);
      expect(first.newEvents).toBe(7);
      const after = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
      expect(after - before).toBe(3);
      for (let i = 0; i < 4; i += 1) await s.add(timed(30 + i, `Later ${i}`));
      const second = await syncCalendar(w.harness.ctx, s.integration.id, options);
      expect(second).toMatchObject({ fullPass: false, newEvents: 4 });
      expect(await s.rows()).toHaveLength(11);
    } finally {
      await w.control('PUT', '/settings', { maxPageSize: 2500 });
    }
  });

  it('asks Google for its largest pages: 300 events (more than its default page of 250) come in one request', async () => {
    const s = await setup();
    await Promise.all(Array.from({ length: 300 }, (_, i) => s.add(timed(1 + i / 4, `Meeting ${i}`))));
    const before = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
    const result = await syncCalendar(w.harness.ctx, s.integration.id, options);
    const after = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
    expect(result.newEvents).toBe(300);
    expect(after - before).toBe(1);
  });

  it('an event listed twice in one round is stored as last listed, whichever page it was on', async () => {
    const s = await setup();
    const first = (await s.add(timed(1, 'Planning'))).event;
    const second = (await s.add(timed(2, 'Review'))).event;
    await s.add(timed(3, 'Retro'));
    const google = w.harness.ctx.providers.calendar.google!;
    const pages: Awaited<ReturnType<typeof google.listEvents>>[] = [];
    // Page 1 holds the first two events; page 2 lists them again, one edited and one cancelled (a
    // change made while the round was being read), as a provider may.
    const listEvents: typeof google.listEvents = async (request) => {
      const page = await google.listEvents(request);
      pages.push(page);
      if (pages.length !== 2) return page;
      const planning = pages[0]!.events.find((e) => e.id === first.id)!;
      const review = pages[0]!.events.find((e) => e.id === second.id)!;
      return { ...page, events: [...page.events, { ...planning, title: 'Planning (moved)' }, { ...review, cancelled: true }] };
    };
    const ctx = {
      ...w.harness.ctx,
      providers: {
        ...w.harness.ctx.providers,
        calendar: { ...w.harness.ctx.providers.calendar, google: Object.assign(Object.create(google), { listEvents }) },
      },
    };
    await w.control('PUT', '/settings', { maxPageSize: 2 });
    try {
      await syncCalendar(ctx, s.integration.id, options);
    } finally {
      await w.control('PUT', '/settings', { maxPageSize: 2500 });
    }
    expect(pages.map((p) => p.events.length)).toEqual([2, 1]);
    const live = (await s.rows()).filter((r) => !r.isCancelled);
    expect(live.map((r) => r.eventTitle)).toEqual(['Planning (moved)', 'Retro']);
  });

  it('a "sync now" arriving mid-run gets a follow-up pass, so the run includes what changed before the request', async () => {
    const s = await setup();
    await s.add(timed(1, 'Before the run'));
    const google = w.harness.ctx.providers.calendar.google!;
    let pagesRead = 0;
    // The user adds a meeting and presses "sync now" just after the run has read the provider.
    const listEvents: typeof google.listEvents = async (request) => {
      const page = await google.listEvents(request);
      pagesRead += 1;
      if (pagesRead === 1) {
        await s.add(timed(2, 'Added while syncing'));
        await w.harness.ctx.prisma.calendarIntegration.update({
          where: { id: s.integration.id },
          data: { syncRequests: { increment: 1 } },
        });
      }
      return page;
    };
    const ctx = {
      ...w.harness.ctx,
      providers: {
        ...w.harness.ctx.providers,
        calendar: { ...w.harness.ctx.providers.calendar, google: Object.assign(Object.create(google), { listEvents }) },
      },
    };
    const result = await syncCalendar(ctx, s.integration.id, options);
    expect(pagesRead).toBe(2);
    expect(result).toMatchObject({ fullPass: true, newEvents: 2 });
    expect((await s.rows()).map((r) => r.eventTitle)).toEqual(['Before the run', 'Added while syncing']);

    // Without a request during the run, one pass is all it makes.
    const quiet = await syncCalendar(ctx, s.integration.id, options);
    expect(pagesRead).toBe(3);
    expect(quiet).toMatchObject({ fullPass: false, eventsSynced: 0 });
  });

  it('recovers from an expired sync token (410) with a full pass that deletes only what is really gone', async () => {
    const s = await setup();
    const stays = (await s.add(timed(3, 'Stays'))).event;
    const goes = (await s.add(timed(4, 'Goes'))).event;
    await syncCalendar(w.harness.ctx, s.integration.id, options);
    await w.control('DELETE', s.path(goes.id));
    await w.control('POST', '/sync-tokens/invalidate');
    const result = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(result).toMatchObject({ fullPass: true, deletedEvents: 1, newEvents: 0 });
    const rows = await s.rows();
    expect(rows.find((r) => r.providerEventId === stays.id)?.isCancelled).toBe(false);
    expect(rows.find((r) => r.providerEventId === goes.id)?.isCancelled).toBe(true);
    const calendar = await w.harness.ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: s.integration.id } });
    expect(calendar.syncCursor).toBeTruthy();
    expect(calendar.syncStatus).toBe('succeeded');
  });

  it('two concurrent syncs of one calendar never duplicate rows', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i += 1) await s.add(timed(1 + i, `Busy ${i}`));
    const results = await Promise.allSettled([
      syncCalendar(w.harness.ctx, s.integration.id, options),
      syncCalendar(w.harness.ctx, s.integration.id, options),
    ]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { reason?: string }).reason).toBe('sync_in_progress');
    // Even forced to race past the claim (a negative staleness lets each take the other's claim over),
    // the unique key and the batched upsert keep one row per event.
    await w.harness.ctx.prisma.calendarIntegration.update({ where: { id: s.integration.id }, data: { syncCursor: null } });
    await Promise.all([
      syncCalendar(w.harness.ctx, s.integration.id, { ...options, mode: 'full', staleAfterMs: -60_000 }),
      syncCalendar(w.harness.ctx, s.integration.id, { ...options, mode: 'full', staleAfterMs: -60_000 }),
    ]);
    expect(await s.rows()).toHaveLength(5);
  });

  it('retries a 429 with Retry-After and a 403 rateLimitExceeded, then succeeds', async () => {
    const s = await setup();
    await s.add(timed(2, 'Rate limited meeting'));
    await w.control('POST', '/faults', { endpoint: 'events.list', status: 429, retryAfter: '1', count: 1 });
    await w.control('POST', '/faults', { endpoint: 'events.list', status: 403, count: 1 });
    const before = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
    const result = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(result.newEvents).toBe(1);
    const after = (await w.control<{ requests: Record<string, number> }>('GET', '/counters')).requests['events.list'] ?? 0;
    expect(after - before).toBe(3);
  });

  it('refreshes an expired access token once even with concurrent callers', async () => {
    const s = await setup();
    await w.harness.ctx.prisma.userOAuthAccount.update({ where: { id: s.account.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    await w.control('POST', '/tokens/expire');
    const before = (await w.control<{ tokenRefreshes: number }>('GET', '/counters')).tokenRefreshes;
    const tokens = await Promise.all(Array.from({ length: 4 }, () => getAccessToken(w.harness.ctx, s.account.id)));
    const after = (await w.control<{ tokenRefreshes: number }>('GET', '/counters')).tokenRefreshes;
    expect(after - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const account = await w.harness.ctx.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: s.account.id } });
    expect(account.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // A token the provider rejects before its expiry (401) is refreshed once and the call retried.
    await w.control('POST', '/tokens/expire');
    await s.add(timed(3, 'After 401'));
    const result = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(result.newEvents).toBe(1);
    expect((await w.control<{ tokenRefreshes: number }>('GET', '/counters')).tokenRefreshes - after).toBe(1);
  });

  it('a revoked grant marks the account needs_reauth, pauses its calendars and enqueues one notification', async () => {
    const s = await setup();
    await syncCalendar(w.harness.ctx, s.integration.id, options);
    await w.control('POST', '/grants/revoke', { email: s.email });
    await w.harness.ctx.prisma.userOAuthAccount.update({ where: { id: s.account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(syncCalendar(w.harness.ctx, s.integration.id, options)).rejects.toMatchObject({ reason: 'reauth_required' });
    const account = await w.harness.ctx.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: s.account.id } });
    expect(account.status).toBe('needs_reauth');
    expect(account.lastRefreshError).toContain('invalid_grant');
    const calendar = await w.harness.ctx.prisma.calendarIntegration.findUniqueOrThrow({ where: { id: s.integration.id } });
    expect(calendar.syncStatus).toBe('paused');
    await expect(syncCalendar(w.harness.ctx, s.integration.id, options)).rejects.toMatchObject({ reason: 'reauth_required' });
    await relayOutbox(w.harness.ctx);
    const jobs = await w.harness.ctx.queues.queues.notifications.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.filter((j) => j.name === 'notification:reauth_required' && j.data.oauthAccountId === s.account.id)).toHaveLength(1);
  });

  it('a transient token endpoint failure never marks the account', async () => {
    const s = await setup();
    await w.harness.ctx.prisma.userOAuthAccount.update({ where: { id: s.account.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await w.control('POST', '/faults', { endpoint: 'token', status: 503, count: 10 });
    try {
      await expect(getAccessToken(w.harness.ctx, s.account.id)).rejects.toMatchObject({ kind: 'transient' });
    } finally {
      await w.control('DELETE', '/faults');
    }
    const account = await w.harness.ctx.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: s.account.id } });
    expect(account.status).toBe('active');
    expect(await getAccessToken(w.harness.ctx, s.account.id)).toBeTruthy();
  });

  it('a cancelled event keeps its time entry and is flagged for review', async () => {
    const s = await setup();
    const meeting = (await s.add(timed(2, 'Billable meeting'))).event;
    await syncCalendar(w.harness.ctx, s.integration.id, options);
    const [row] = await s.rows();
    const [converted] = await convertEvents(
      w.harness.ctx,
      { userId: s.user.userId, organizationId: s.user.organizationId, role: 'owner' },
      [row!.id],
    );
    await w.control('DELETE', s.path(meeting.id));
    expect((await syncCalendar(w.harness.ctx, s.integration.id, options)).deletedEvents).toBe(1);
    const [after] = await s.rows();
    expect(after).toMatchObject({ isCancelled: true, needsReview: true, timeEntryId: converted!.entry.id });
    expect(await w.harness.ctx.prisma.timeEntry.count({ where: { id: converted!.entry.id } })).toBe(1);
  });

  it('runs a full pass when the last one is a day old, so events sliding into the window arrive', async () => {
    const s = await setup();
    await s.add(timed(24 * 20, 'Three weeks out'));
    const narrow = await syncCalendar(w.harness.ctx, s.integration.id, { ...options, windowFutureDays: 10 });
    expect(narrow.newEvents).toBe(0);
    // Nothing changed at Google, so an incremental pass would never bring it; the daily full pass does.
    expect((await syncCalendar(w.harness.ctx, s.integration.id, options)).fullPass).toBe(false);
    await w.harness.ctx.prisma.calendarIntegration.update({
      where: { id: s.integration.id },
      data: { lastFullSyncAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const daily = await syncCalendar(w.harness.ctx, s.integration.id, options);
    expect(daily).toMatchObject({ fullPass: true, newEvents: 1, deletedEvents: 0 });
  });

  it('stores text PostgreSQL cannot hold (NUL) without failing the page', async () => {
    const s = await setup();
    await s.add(timed(2, 'Nul\u0000in title', { description: 'a\u0000b' }));
    expect((await syncCalendar(w.harness.ctx, s.integration.id, options)).newEvents).toBe(1);
    expect(await s.rows()).toEqual([expect.objectContaining({ eventTitle: 'Nulin title', eventDescription: 'ab' })]);
  });

  it('bulk conversion is all or nothing, and all-day events are refused with a reason', async () => {
    const s = await setup();
    await s.add(timed(2, 'Convertible'));
    await syncCalendar(w.harness.ctx, s.integration.id, options);
    const [live] = await s.rows();
    const allDay = await w.harness.ctx.prisma.syncedCalendarEvent.create({
      data: {
        calendarId: s.integration.id,
        userId: s.user.userId,
        providerEventId: 'allday1',
        eventTitle: 'Holiday',
        eventStart: new Date(),
        eventEnd: new Date(Date.now() + 86400_000),
        isAllDay: true,
        contentHash: 'x',
      },
    });
    const actor = { userId: s.user.userId, organizationId: s.user.organizationId, role: 'owner' as const };
    await expect(convertEvents(w.harness.ctx, actor, [live!.id, allDay.id])).rejects.toMatchObject({
      code: 'conflict',
      reason: 'all_day_event',
    });
    expect(await w.harness.ctx.prisma.timeEntry.count({ where: { userId: s.user.userId } })).toBe(0);
    expect((await w.harness.ctx.prisma.syncedCalendarEvent.findUniqueOrThrow({ where: { id: live!.id } })).timeEntryId).toBeNull();
    const other = await insertOrganization(w.harness.ctx);
    await expect(convertEvents(w.harness.ctx, { ...other, role: 'owner' }, [live!.id])).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keeps the newest refresh token: rotated ones are saved, and a reconnect without one keeps the stored one', async () => {
    const s = await setup();
    const refreshTokenOf = async () => {
      const account = await w.harness.ctx.prisma.userOAuthAccount.findUniqueOrThrow({ where: { id: s.account.id } });
      return w.harness.ctx.vault.decrypt(account.refreshTokenEncrypted!, sealedField.refreshToken(account.id));
    };
    const original = await refreshTokenOf();
    await w.control('PUT', '/settings', { rotateRefreshTokens: true });
    try {
      await getAccessToken(w.harness.ctx, s.account.id, { force: true });
    } finally {
      await w.control('PUT', '/settings', { rotateRefreshTokens: false });
    }
    const rotated = await refreshTokenOf();
    expect(rotated).not.toBe(original);
    expect(w.sandbox.google.state.grants.has(rotated)).toBe(true);

    await w.control('PUT', '/settings', { issueRefreshTokens: false });
    try {
      const again = await connectGoogle(w.harness.ctx, s.user, s.email);
      expect(again.account.id).toBe(s.account.id);
    } finally {
      await w.control('PUT', '/settings', { issueRefreshTokens: true });
    }
    expect(await refreshTokenOf()).toBe(rotated);
  });
});
