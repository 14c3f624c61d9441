import { safeString, text } from '@billops/core';
import { z } from 'zod';

const role = z.enum(['owner', 'admin', 'member']);

export const memberParams = z.object({ user_id: z.uuid() });

/** An existing user is added by email alone; a new account also needs a name and a password. */
export const addMemberBody = z.object({
  email: z.email().max(254),
  role: role.default('member'),
  name: text({ min: 1, max: 200 }).optional().describe("Required when no user has this email yet (an existing user's name is kept)"),
  password: safeString({ min: 10, max: 256, message: 'must be at least 10 characters' })
    .optional()
    .describe("Required when no user has this email yet (an existing user's password is never changed)"),
});

export const changeRoleBody = z.object({ role });

export const memberResponse = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role,
  joined_at: z.iso.datetime(),
});

export const addMemberResponse = memberResponse.extend({ status: z.literal('added'), created_user: z.literal(true) });
/** An existing user is invited, never added: nothing about them beyond the email typed is shown. */
export const invitedResponse = z.object({
  status: z.literal('invited'),
  invitation_id: z.uuid(),
  email: z.string(),
  role,
  invited_at: z.iso.datetime(),
});

export const invitationParams = z.object({ id: z.uuid() });
export const myInvitationsResponse = z.object({
  data: z.array(z.object({ id: z.uuid(), organization_id: z.uuid(), organization_name: z.string(), role, invited_at: z.iso.datetime() })),
});
export const acceptedResponse = z.object({ organization_id: z.uuid(), role });
export const memberListResponse = z.object({ data: z.array(memberResponse) });
