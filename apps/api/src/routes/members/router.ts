import {
  acceptInvitation,
  addMember,
  changeMemberRole,
  declineInvitation,
  listMembers,
  listMyInvitations,
  removeMember,
  type MemberView,
} from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import {
  acceptedResponse,
  addMemberBody,
  addMemberResponse,
  changeRoleBody,
  invitationParams,
  invitedResponse,
  memberListResponse,
  memberParams,
  memberResponse,
  myInvitationsResponse,
} from './schemas.ts';

const memberJson = (m: MemberView) => ({
  user_id: m.userId,
  email: m.email,
  name: m.name,
  role: m.role,
  joined_at: m.joinedAt.toISOString(),
});

/** Organization members: everyone reads the roster; owners/admins manage it (only owners touch owners). */
export function memberRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'members';
  return router
    .route(
      {
        method: 'get',
        path: '/organization/members',
        tag,
        summary: 'List the members of the organization',
        responses: { 200: memberListResponse },
      },
      async ({ actor }) => ({
        data: (await listMembers(ctx, actor)).map(memberJson),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/organization/members',
        tag,
        summary:
          'Add a member (admin/owner): a new user with name and password (201), or invite an existing user by email (202; they accept)',
        body: addMemberBody,
        status: 201,
        responses: { 201: addMemberResponse, 202: invitedResponse },
      },
      async ({ actor, body, res }) => {
        const result = await addMember(ctx, actor, body);
        if (result.status === 'added') return { ...memberJson(result.member), status: 'added', created_user: true };
        const { invitation } = result;
        res.status(202).json({
          status: 'invited',
          invitation_id: invitation.id,
          email: invitation.email,
          role: invitation.role,
          invited_at: invitation.createdAt.toISOString(),
        });
      },
    )
    .route(
      {
        method: 'get',
        path: '/me/invitations',
        tag,
        summary: 'Invitations to organizations waiting for my answer',
        responses: { 200: myInvitationsResponse },
      },
      async ({ actor }) => ({
        data: (await listMyInvitations(ctx, actor.userId)).map((i) => ({
          id: i.id,
          organization_id: i.organizationId,
          organization_name: i.organizationName,
          role: i.role,
          invited_at: i.invitedAt.toISOString(),
        })),
      }),
    )
    .route(
      {
        method: 'post',
        path: '/me/invitations/:id/accept',
        tag,
        summary: 'Accept an invitation: become a member of that organization',
        params: invitationParams,
        responses: { 200: acceptedResponse },
      },
      async ({ actor, params }) => {
        const joined = await acceptInvitation(ctx, actor.userId, params.id);
        return { organization_id: joined.organizationId, role: joined.role };
      },
    )
    .route(
      { method: 'delete', path: '/me/invitations/:id', tag, summary: 'Decline an invitation', params: invitationParams },
      async ({ actor, params }) => {
        await declineInvitation(ctx, actor.userId, params.id);
      },
    )
    .route(
      {
        method: 'patch',
        path: '/organization/members/:user_id',
        tag,
        summary: "Change a member's role (admin/owner; the last owner cannot be demoted)",
        params: memberParams,
        body: changeRoleBody,
        responses: { 200: memberResponse },
      },
      async ({ actor, params, body }) => memberJson(await changeMemberRole(ctx, actor, { userId: params.user_id, role: body.role })),
    )
    .route(
      {
        method: 'delete',
        path: '/organization/members/:user_id',
        tag,
        summary: 'Remove a member (admin/owner; never the last owner)',
        params: memberParams,
      },
      async ({ actor, params }) => {
        await removeMember(ctx, actor, { userId: params.user_id });
      },
    );
}
