import { Prisma, queryRows, sealedField } from '@billops/db';
import { createHash, randomUUID } from 'node:crypto';
import { AppError, randomToken, sha256 } from '@billops/core';
import type { OAuthStateProvider } from '@billops/db';
import type { ServiceContext } from '../context.ts';

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export type IssuedOAuthState = { state: string; codeVerifier: string; codeChallenge: string };
export type ConsumedOAuthState = { userId: string; organizationId: string | null; codeVerifier: string };

/**
 * Starts an OAuth flow: a random state (stored only as a hash) bound to the user and provider,
 * valid 10 minutes, and a PKCE verifier kept encrypted server-side; the challenge goes to the provider.
 */
export async function issueOAuthState(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'now'>,
  input: { userId: string; organizationId: string | null; provider: OAuthStateProvider },
): Promise<IssuedOAuthState> {
  const state = randomToken(32);
  const codeVerifier = randomToken(48);
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
  const id = randomUUID();
  await ctx.prisma.oAuthState.create({
    data: {
      id,
      stateHash: sha256(state),
      provider: input.provider,
      userId: input.userId,
      organizationId: input.organizationId,
      codeVerifierEncrypted: ctx.vault.encrypt(codeVerifier, sealedField.codeVerifier(id)),
      expiresAt: new Date(ctx.now().getTime() + OAUTH_STATE_TTL_MS),
    },
  });
  // Housekeeping: states a day past expiry can never be used; the expires_at index keeps this cheap.
  await ctx.prisma.oAuthState.deleteMany({
    where: { provider: input.provider, expiresAt: { lt: new Date(ctx.now().getTime() - 24 * 3600 * 1000) } },
  });
  return { state, codeVerifier, codeChallenge };
}

/**
 * Uses a state up exactly once: one UPDATE claims it only if unused, unexpired, for this provider
 * (and for this user when the caller is authenticated). Unknown, expired, reused or someone else's
 * state → 400 invalid_state, and nothing else happens.
 */
export async function consumeOAuthState(
  ctx: Pick<ServiceContext, 'prisma' | 'vault' | 'now'>,
  input: { state: string; provider: OAuthStateProvider; userId?: string },
): Promise<ConsumedOAuthState> {
  const now = ctx.now();
  const rows = await queryRows<{ id: string; user_id: string; organization_id: string | null; code_verifier_encrypted: string | null }>(
    ctx.prisma,
    Prisma.sql`
    UPDATE oauth_states SET used_at = ${now}, updated_at = ${now}
    WHERE state_hash = ${sha256(input.state)}
      AND provider = ${input.provider}::"OAuthStateProvider"
      AND used_at IS NULL
      AND expires_at > ${now}
      AND (${input.userId ?? null}::uuid IS NULL OR user_id = ${input.userId ?? null}::uuid)
    RETURNING id, user_id, organization_id, code_verifier_encrypted`,
  );
  const row = rows[0];
  if (!row || !row.code_verifier_encrypted) {
    throw new AppError('bad_request', 'The authorization state is unknown, expired or already used; start the connection again', {
      reason: 'invalid_state',
    });
  }
  return {
    userId: row.user_id,
    organizationId: row.organization_id,
    codeVerifier: ctx.vault.decrypt(row.code_verifier_encrypted, sealedField.codeVerifier(row.id)),
  };
}
