export * from './find-client.ts';
export * from './list-clients.ts';
export * from './create-client.ts';
export * from './update-client.ts';
