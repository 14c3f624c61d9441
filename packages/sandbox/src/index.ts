export { createSandbox, startSandbox, type RunningSandbox, type Sandbox } from './server.ts';
