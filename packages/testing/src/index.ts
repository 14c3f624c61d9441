export * from './infra.ts';
export * from './fixture.ts';
export * from './clock.ts';
export * from './organizations.ts';
