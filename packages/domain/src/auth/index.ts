export * from './password.ts';
export * from './sessions.ts';
export * from './accounts.ts';
