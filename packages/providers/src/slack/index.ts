export * from './types.ts';
export { createSlackApi, createSlackOAuth, createSlackResponder } from './web-api-client.ts';
export { kindForSlackError, toSlackProviderError } from './errors.ts';
