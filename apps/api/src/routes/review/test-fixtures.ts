import { randomUUID } from 'node:crypto';
import { sealedField } from '@billops/db';
import type { AppDeps } from '../../context.ts';

export type MeetingInput = {
  title: string;
  start: string;
  minutes?: number;
  series?: string;
  attendees?: string[];
  organizer?: string | null;
  isOrganizer?: boolean;
  hiddenReason?: string | null;
  cancelled?: boolean;
  providerEventId?: string;
};

/**
 * A connected calendar for a user with synced meetings written straight into the tables the sync
 * fills (the sync itself is tested in the worker); returns a helper that adds meetings.
 */
export async function calendarFor(deps: Pick<AppDeps, 'prisma' | 'vault'>, userId: string) {
  const accountId = randomUUID();
  await deps.prisma.userOAuthAccount.create({
    data: {
      id: accountId,
      userId,
      provider: 'google',
      providerAccountId: `acct-${accountId}`,
      scopes: [],
      accessTokenEncrypted: deps.vault.encrypt('access', sealedField.accessToken(accountId)),
      expiresAt: new Date(Date.UTC(2030, 0, 1)),
    },
  });
  const calendar = await deps.prisma.calendarIntegration.create({
    data: { userId, oauthAccountId: accountId, provider: 'google', providerCalendarId: 'primary', calendarName: 'Work' },
  });
  const add = async (m: MeetingInput) => {
    const start = new Date(m.start);
    const row = await deps.prisma.syncedCalendarEvent.create({
      data: {
        calendarId: calendar.id,
        userId,
        providerEventId: m.providerEventId ?? `evt-${randomUUID()}`,
        recurringEventId: m.series ?? null,
        eventTitle: m.title,
        eventStart: start,
        eventEnd: new Date(start.getTime() + (m.minutes ?? 60) * 60_000),
        contentHash: randomUUID(),
        attendeeEmails: m.attendees ?? [],
        organizerEmail: m.organizer ?? null,
        isOrganizer: m.isOrganizer ?? false,
        hiddenReason: m.hiddenReason ?? null,
        isCancelled: m.cancelled ?? false,
      },
    });
    return row.id;
  };
  return { calendarId: calendar.id, add };
}
