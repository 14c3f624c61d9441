import type { MemberRole } from '@billops/db';

/** The authenticated member on whose behalf a service call runs. */
export type Actor = { userId: string; organizationId: string; role: MemberRole };

export const isAdmin = (actor: Actor): boolean => actor.role === 'owner' || actor.role === 'admin';
