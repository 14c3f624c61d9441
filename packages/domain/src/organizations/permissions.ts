import { AppError } from '@billops/core';
import type { MemberRole } from '@billops/db';
import { isAdmin, type Actor } from '../actor.ts';

/** Writes to organization-wide data (clients, projects, invoices, members) need an owner or admin. */
export function assertAdmin(actor: Actor, action = 'do this'): void {
  if (!isAdmin(actor)) throw new AppError('forbidden', `Only owners and admins can ${action}`, { reason: 'admin_required' });
}

/** Admins manage admins and members; the owner role is granted (or taken away) by owners only. */
export function assertMayGrant(actor: Actor, role: MemberRole): void {
  if (role === 'owner' && actor.role !== 'owner') {
    throw new AppError('forbidden', 'Only owners can grant the owner role', { reason: 'owner_required' });
  }
}
