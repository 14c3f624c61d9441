import type { ServiceContext } from '../context.ts';
import { refreshAccountTokenJobId } from '../jobs/refresh-account-token/definition.ts';

/**
 * The token-refresh fan-out: one refresh job per usable account whose access token expires before
 * `expiringBefore` (the next run, so no token lapses between runs and idle accounts stay alive).
 * Job ids are per slot, so a second run in the same slot adds nothing.
 */
export async function enqueueTokenRefreshes(
  ctx: Pick<ServiceContext, 'prisma' | 'queues'>,
  input: { expiringBefore: Date; slotStart: Date; pageSize?: number },
): Promise<{ accounts: number }> {
  const pageSize = input.pageSize ?? 1000;
  let after: string | undefined;
  let accounts = 0;
  for (;;) {
    const page = await ctx.prisma.userOAuthAccount.findMany({
      where: {
        status: 'active',
        refreshTokenEncrypted: { not: null },
        OR: [{ expiresAt: null }, { expiresAt: { lt: input.expiringBefore } }],
        ...(after ? { id: { gt: after } } : {}),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: pageSize,
    });
    if (page.length === 0) break;
    accounts += page.length;
    await ctx.queues.enqueueBulk(
      'refreshAccountToken',
      page.map(({ id }) => ({ payload: { oauthAccountId: id }, options: { jobId: refreshAccountTokenJobId(id, input.slotStart) } })),
    );
    after = page[page.length - 1]!.id;
    if (page.length < pageSize) break;
  }
  return { accounts };
}
