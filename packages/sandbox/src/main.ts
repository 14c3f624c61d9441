import { createSandboxApp } from './server.ts';

const port = Number(process.env.SANDBOX_PORT ?? 4010);
const server = createSandboxApp().listen(port, '127.0.0.1', () => {
  console.log(`provider sandbox listening on http://127.0.0.1:${port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
