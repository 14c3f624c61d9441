export { createSandboxApp } from './server.ts';
