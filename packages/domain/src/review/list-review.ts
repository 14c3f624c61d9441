import { AppError } from '@billops/core';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { ServiceContext } from '../context.ts';
import { suggestProjects, type Suggestion } from './suggest.ts';
import { waitingMeetings, waitingPerDay, type WaitingMeeting } from './waiting.ts';

export type ReviewItem = { meeting: WaitingMeeting; suggestion: Suggestion | null };
export type ReviewPage = { items: ReviewItem[]; perDay: { date: string; count: number }[]; total: number; nextCursor: string | null };

const cursorSchema = z.object({ s: z.iso.datetime(), i: z.uuid() });
function decodeCursor(cursor: string) {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { start: new Date(parsed.s), id: parsed.i };
  } catch {
    throw new AppError('validation_failed', 'Invalid cursor', { details: [{ path: 'cursor', message: 'not a cursor this API issued' }] });
  }
}
const encodeCursor = (m: WaitingMeeting) => Buffer.from(JSON.stringify({ s: m.eventStart.toISOString(), i: m.id })).toString('base64url');

/** The member's review inbox: meetings waiting to be logged, newest first, each with its suggestion. */
export async function listReview(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  actor: Actor,
  input: { limit: number; cursor?: string },
): Promise<ReviewPage> {
  const before = input.cursor ? decodeCursor(input.cursor) : undefined;
  const [rows, perDay] = await Promise.all([
    waitingMeetings(ctx, { userId: actor.userId, limit: input.limit + 1, before }),
    waitingPerDay(ctx, actor.userId),
  ]);
  const meetings = rows.slice(0, input.limit);
  const suggestions = await suggestProjects(ctx, actor, meetings);
  const last = meetings.at(-1);
  return {
    items: meetings.map((meeting) => ({ meeting, suggestion: suggestions.get(meeting.id) ?? null })),
    perDay,
    total: perDay.reduce((sum, d) => sum + d.count, 0),
    nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
  };
}
