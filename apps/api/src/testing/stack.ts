import { startSandbox, type RunningSandbox } from '@billops/sandbox';
// Test-only reach into the worker app: end-to-end tests need the real worker beside the API.
import { createTestWorkerContext, type TestWorkerContext } from '../../../worker/src/testing/harness.ts';
import { startWorkers, type RunningWorkers } from '../../../worker/src/worker.ts';
import { createTestApp, type TestApp } from './harness.ts';

export type TestStack = {
  sandbox: RunningSandbox;
  t: TestApp;
  worker: TestWorkerContext;
  workers: RunningWorkers;
  close: () => Promise<void>;
};

/**
 * The whole product for end-to-end tests: the provider sandbox, the API and a real worker sharing
 * one database, one queue prefix and one encryption key.
 */
export async function startTestStack(apiEnv: Record<string, string> = {}, workerEnv: Record<string, string> = {}): Promise<TestStack> {
  const sandbox = await startSandbox();
  const t = await createTestApp({ SANDBOX_URL: sandbox.url, ...apiEnv });
  const shared = {
    SANDBOX_URL: sandbox.url,
    QUEUE_PREFIX: t.deps.config.QUEUE_PREFIX,
    TOKEN_ENCRYPTION_KEY: t.deps.config.TOKEN_ENCRYPTION_KEY,
  };
  const worker = await createTestWorkerContext({ ...shared, ...workerEnv }, { db: t.db });
  const workers = await startWorkers(worker.ctx);
  return {
    sandbox,
    t,
    worker,
    workers,
    close: async () => {
      await workers.close();
      await worker.close();
      await t.close();
      await sandbox.close();
    },
  };
}
