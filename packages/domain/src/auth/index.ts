export * from './password.ts';
export * from './sessions.ts';
export * from './session-cache.ts';
export * from './accounts.ts';
export * from './password-policy.ts';
