import { startCalendarAuthorization, completeCalendarAuthorization, selectCalendar, type ServiceContext } from '@billops/domain';

/** How a bench drives one provider's sandbox: seed, edit and delete events, count event requests. */
export type CalendarFixture = {
  provider: 'google' | 'microsoft';
  /** Creates the calendar holding the events and returns its provider id. */
  createCalendar: () => Promise<string>;
  addEvents: (count: number) => Promise<string[]>;
  editEvents: (ids: string[]) => Promise<void>;
  deleteEvents: (ids: string[]) => Promise<void>;
  /** Event-list requests the sandbox has served so far. */
  eventRequests: () => Promise<number>;
};

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
async function pool<T, R>(items: T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!, index);
      }
    }),
  );
  return results;
}

// Timed meetings spread 3 minutes apart from an hour from now: 10,000 fit in the 30-day window.
const slot = (i: number) => {
  const start = new Date(Date.now() + 3600_000 + i * 180_000);
  return { start, end: new Date(start.getTime() + 1800_000) };
};

export function googleFixture(sandboxUrl: string): CalendarFixture {
  const control = `${sandboxUrl}/google/_control`;
  const calendarId = 'bench@group.calendar.google.com';
  const events = `${control}/calendars/${encodeURIComponent(calendarId)}/events`;
  return {
    provider: 'google',
    createCalendar: async () => {
      await call('POST', `${control}/calendars`, { id: calendarId, summary: 'Bench' });
      return calendarId;
    },
    addEvents: (count) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        16,
        async (i) => {
          const { start, end } = slot(i);
          const created = await call<{ event: { id: string } }>('POST', events, {
            summary: `Meeting ${i}`,
            description: `Agenda ${i}`,
            start: { dateTime: start.toISOString(), timeZone: 'Europe/Berlin' },
            end: { dateTime: end.toISOString(), timeZone: 'Europe/Berlin' },
          });
          return created.event.id;
        },
      ),
    editEvents: async (ids) => {
      await pool(ids, 16, (id, i) => call('PATCH', `${events}/${id}`, { summary: `Edited meeting ${i}` }));
    },
    deleteEvents: async (ids) => {
      await pool(ids, 16, (id) => call('DELETE', `${events}/${id}`));
    },
    eventRequests: async () =>
      (await call<{ requests: Record<string, number> }>('GET', `${control}/counters`)).requests['events.list'] ?? 0,
  };
}

export function microsoftFixture(sandboxUrl: string): CalendarFixture {
  const control = `${sandboxUrl}/microsoft/_control`;
  let calendarId = '';
  return {
    provider: 'microsoft',
    createCalendar: async () => {
      // The fake mailbox starts with demo events; the bench wants exactly its own.
      await call('POST', `${control}/reset`, {});
      const calendars = await call<{ id: string; isDefaultCalendar?: boolean }[]>('GET', `${control}/calendars`);
      calendarId = (calendars.find((c) => c.isDefaultCalendar) ?? calendars[0])!.id;
      return calendarId;
    },
    addEvents: (count) =>
      pool(
        Array.from({ length: count }, (_, i) => i),
        16,
        async (i) => {
          const { start, end } = slot(i);
          const created = await call<{ id: string }>('POST', `${control}/events`, {
            calendarId,
            subject: `Meeting ${i}`,
            bodyPreview: `Agenda ${i}`,
            start,
            end,
            originalStartTimeZone: 'W. Europe Standard Time',
          });
          return created.id;
        },
      ),
    editEvents: async (ids) => {
      await pool(ids, 16, (id, i) => call('PATCH', `${control}/events/${encodeURIComponent(id)}`, { subject: `Edited meeting ${i}` }));
    },
    deleteEvents: async (ids) => {
      await pool(ids, 16, (id) => call('DELETE', `${control}/events/${encodeURIComponent(id)}`));
    },
    eventRequests: async () => {
      const counters = await call<Record<string, number>>('GET', `${control}/counters`);
      return (counters['graph:delta'] ?? 0) + (counters['graph:calendarView'] ?? 0);
    },
  };
}

/** Connects a bench user through the sandbox's OAuth (auto-approved) and selects the calendar. */
export async function connectAndSelect(
  ctx: ServiceContext,
  fixture: CalendarFixture,
  user: { userId: string; organizationId: string },
  providerCalendarId: string,
) {
  const redirectUri = ctx.providers.settings[fixture.provider].redirectUri;
  const { authUrl, state } = await startCalendarAuthorization(ctx, { ...user, provider: fixture.provider, redirectUri });
  const res = await fetch(authUrl, { redirect: 'manual' });
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? undefined;
  await completeCalendarAuthorization(ctx, { provider: fixture.provider, state, code, redirectUri, userId: user.userId });
  return selectCalendar(ctx, { userId: user.userId, provider: fixture.provider, providerCalendarId, calendarName: 'Bench' });
}
