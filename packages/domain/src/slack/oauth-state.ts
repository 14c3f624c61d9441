import { AppError, randomToken, sha256 } from '@billops/core';
import type { ServiceContext } from '../context.ts';

const STATE_TTL_MS = 10 * 60 * 1000;

/** A single-use, 10-minute OAuth state bound to the admin and organization; only its hash is stored. */
export async function createSlackOAuthState(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  input: { userId: string; organizationId: string },
): Promise<string> {
  const state = randomToken(32);
  await ctx.prisma.oAuthState.create({
    data: {
      stateHash: sha256(state),
      provider: 'slack',
      userId: input.userId,
      organizationId: input.organizationId,
      expiresAt: new Date(ctx.now().getTime() + STATE_TTL_MS),
    },
  });
  return state;
}

/**
 * Consumes a state exactly once: the conditional update makes two concurrent callbacks with the
 * same state race for one row, and only the winner proceeds.
 */
export async function consumeSlackOAuthState(
  ctx: Pick<ServiceContext, 'prisma' | 'now'>,
  state: string,
): Promise<{ userId: string; organizationId: string }> {
  const stateHash = sha256(state);
  const now = ctx.now();
  const { count } = await ctx.prisma.oAuthState.updateMany({
    where: { stateHash, provider: 'slack', usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = count === 1 ? await ctx.prisma.oAuthState.findUnique({ where: { stateHash } }) : null;
  if (!row?.organizationId)
    throw new AppError('bad_request', 'The Slack authorization link is invalid, expired or already used; start again', {
      reason: 'invalid_state',
    });
  return { userId: row.userId, organizationId: row.organizationId };
}
