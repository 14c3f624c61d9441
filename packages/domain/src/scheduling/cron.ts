import cronParser from 'cron-parser';

/** True when `pattern` is a cron expression BullMQ's scheduler accepts. */
export function isValidCron(pattern: string): boolean {
  try {
    cronParser.parseExpression(pattern);
    return true;
  } catch {
    return false;
  }
}

/** The slot of a cron schedule containing `now`: [last fire time ≤ now, next fire time). */
export function cronSlot(pattern: string, now: Date): { start: Date; end: Date } {
  const startIterator = cronParser.parseExpression(pattern, { currentDate: new Date(now.getTime() + 1), tz: 'UTC' });
  const start = startIterator.prev().toDate();
  const end = cronParser.parseExpression(pattern, { currentDate: start, tz: 'UTC' }).next().toDate();
  return { start, end };
}
