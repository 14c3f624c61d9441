/**
 * The one way a duration is said to people (Slack replies, DMs, summaries): minutes under an hour,
 * decimal hours when they are exact in quarter hours (how time is billed: "1.5 hours", "2.25
 * hours"), otherwise hours and minutes ("1 hour 20 minutes"), never a rounded "1.33 hours".
 */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  if (minutes % 15 === 0) return plural(minutes / 60, 'hour');
  return `${plural(Math.floor(minutes / 60), 'hour')} ${plural(minutes % 60, 'minute')}`;
}
