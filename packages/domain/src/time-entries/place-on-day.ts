import { addDays, AppError, zonedTimeToUtc } from '@billops/core';

/** An earlier day's entry ends at this local time (a working day's end) when it fits before it. */
export const PAST_DAY_END = '18:00';

/**
 * Where an entry of `minutes` logged for a local `date` lies, so that it stays inside that day in the
 * user's time zone (lists, daily summaries and invoice ranges all go by the local date of
 * `startedAt`): today's ends now if it fits since local midnight, otherwise it starts at local
 * midnight; an earlier day's ends at 18:00 if it fits, otherwise starts at midnight. Longer than the
 * day itself (23 hours on a spring-forward day) is a validation error.
 */
export function placeOnDay(input: { date: string; minutes: number; today: string; now: Date; timeZone: string }): {
  startedAt: Date;
  endedAt: Date;
} {
  const midnight = zonedTimeToUtc(input.date, '00:00', input.timeZone);
  const nextMidnight = zonedTimeToUtc(addDays(input.date, 1), '00:00', input.timeZone);
  const length = input.minutes * 60_000;
  if (length > nextMidnight.getTime() - midnight.getTime()) {
    const hours = Math.round((nextMidnight.getTime() - midnight.getTime()) / 3_600_000);
    throw new AppError('validation_failed', `${input.date} has only ${hours} hours in your time zone`, {
      details: [{ path: 'duration', message: `longer than the day (${hours} hours)` }],
    });
  }
  const end = input.date === input.today ? input.now : zonedTimeToUtc(input.date, PAST_DAY_END, input.timeZone);
  if (end.getTime() - length >= midnight.getTime()) return { startedAt: new Date(end.getTime() - length), endedAt: end };
  return { startedAt: midnight, endedAt: new Date(midnight.getTime() + length) };
}
