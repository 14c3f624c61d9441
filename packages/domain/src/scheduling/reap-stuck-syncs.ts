import type { ServiceContext } from '../context.ts';

/**
 * Resets calendars whose sync has said "running" for longer than `olderThanMs` (a worker died
 * without its job being retried, or a bug left the flag behind), so schedules pick them up again.
 */
export async function reapStuckSyncs(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  input: { olderThanMs: number },
): Promise<{ reaped: number }> {
  const cutoff = new Date(ctx.now().getTime() - input.olderThanMs);
  const { count } = await ctx.prisma.calendarIntegration.updateMany({
    where: { syncStatus: 'running', OR: [{ syncStartedAt: { lt: cutoff } }, { syncStartedAt: null }] },
    data: {
      syncStatus: 'failed',
      lastError: `sync did not finish within ${Math.round(input.olderThanMs / 60_000)} minutes; reset by the reaper`,
    },
  });
  return { reaped: count };
}
