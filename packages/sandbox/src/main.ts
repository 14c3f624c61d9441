import { startSandbox } from './server.ts';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
const sandbox = await startSandbox({ port, host });
console.log(`provider sandbox (fake Google, Microsoft, Slack) listening on ${sandbox.url}`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
