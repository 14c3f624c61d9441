export * from './permissions.ts';
export * from './list-members.ts';
export * from './add-member.ts';
export * from './change-member-role.ts';
export * from './remove-member.ts';
export * from './invitations.ts';
export * from './settings.ts';
