import { addMember, changeMemberRole, listMembers, removeMember, type MemberView } from '@billops/domain';
import type { RouteContext } from '../../context.ts';
import type { ApiRouter } from '../../http/route.ts';
import { addMemberBody, addMemberResponse, changeRoleBody, memberListResponse, memberParams, memberResponse } from './schemas.ts';

const memberJson = (m: MemberView) => ({ user_id: m.userId, email: m.email, name: m.name, role: m.role, joined_at: m.joinedAt.toISOString() });

/** Organization members: everyone reads the roster; owners/admins manage it (only owners touch owners). */
export function memberRoutes(ctx: RouteContext, router: ApiRouter): ApiRouter {
  const tag = 'members';
  return router
    .route({ method: 'get', path: '/organization/members', tag, summary: 'List the members of the organization', responses: { 200: memberListResponse } }, async ({ actor }) => ({
      data: (await listMembers(ctx, actor)).map(memberJson),
    }))
    .route(
      {
        method: 'post',
        path: '/organization/members',
        tag,
        summary: 'Add a member (admin/owner): an existing user by email, or a new user with name and password',
        body: addMemberBody,
        status: 201,
        responses: { 201: addMemberResponse },
      },
      async ({ actor, body }) => {
        const { member, createdUser } = await addMember(ctx, actor, body);
        return { ...memberJson(member), created_user: createdUser };
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
      { method: 'delete', path: '/organization/members/:user_id', tag, summary: 'Remove a member (admin/owner; never the last owner)', params: memberParams },
      async ({ actor, params }) => {
        await removeMember(ctx, actor, { userId: params.user_id });
      },
    );
}
