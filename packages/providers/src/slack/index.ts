export * from './types.ts';
export { createSlackApi, createSlackOAuth, createSlackResponder, isAllowedResponseUrl } from './web-api-client.ts';
export { kindForSlackError, toSlackProviderError } from './errors.ts';
