import { z } from 'zod';
import type { CalendarProviderName, ProviderCalendar } from '@billops/providers';
import { AppError } from '@billops/core';
import type { ServiceContext } from '../context.ts';
import { calendarProvider } from './provider-of.ts';
import { withAccessToken } from './token-refresher.ts';

export const CALENDAR_LIST_TTL_SECONDS = 3600;
const cachedList = z.array(z.object({ id: z.string(), name: z.string(), primary: z.boolean() }));

type ListContext = Pick<ServiceContext, 'prisma' | 'vault' | 'providers' | 'queues' | 'logger' | 'now'>;

const cacheKey = (ctx: Pick<ServiceContext, 'queues'>, accountId: string) => `${ctx.queues.prefix}:calendar-list:${accountId}`;

export async function forgetCalendarList(ctx: Pick<ServiceContext, 'queues'>, accountId: string): Promise<void> {
  await ctx.queues.redis.del(cacheKey(ctx, accountId));
}

export async function rememberCalendarList(
  ctx: Pick<ServiceContext, 'queues'>,
  accountId: string,
  calendars: ProviderCalendar[],
): Promise<void> {
  await ctx.queues.redis.set(cacheKey(ctx, accountId), JSON.stringify(calendars), 'EX', CALENDAR_LIST_TTL_SECONDS);
}

/** The connected account of a user for a provider, or 404 when there is none. */
export async function requireAccount(ctx: Pick<ServiceContext, 'prisma'>, userId: string, provider: CalendarProviderName) {
  const account = await ctx.prisma.userOAuthAccount.findUnique({ where: { userId_provider: { userId, provider } } });
  if (!account) throw new AppError('not_found', `No ${provider} account connected`, { reason: 'account_not_connected' });
  return account;
}

/**
 * The calendars of the user's connected account, cached in Redis for up to an hour (calendar
 * lists rarely change and every call costs provider quota); `refresh` asks the provider again.
 */
export async function listProviderCalendars(
  ctx: ListContext,
  input: { userId: string; provider: CalendarProviderName; refresh?: boolean },
): Promise<ProviderCalendar[]> {
  const account = await requireAccount(ctx, input.userId, input.provider);
  if (!input.refresh) {
    const cached = await ctx.queues.redis.get(cacheKey(ctx, account.id));
    const parsed = cached ? cachedList.safeParse(JSON.parse(cached)) : undefined;
    if (parsed?.success) return parsed.data;
  }
  const provider = calendarProvider(ctx, input.provider);
  const calendars = await withAccessToken(ctx, account.id, (token) => provider.listCalendars(token));
  await rememberCalendarList(ctx, account.id, calendars);
  return calendars;
}
