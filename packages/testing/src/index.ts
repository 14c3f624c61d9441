export * from './infra.ts';
export * from './fixture.ts';
