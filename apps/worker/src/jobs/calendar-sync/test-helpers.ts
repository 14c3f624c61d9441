import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type RunningSandbox } from '@billops/sandbox';
import { googleControl } from '@billops/testing/domain';
import { createTestWorkerContext, type TestWorkerContext } from '../../testing/harness.ts';

export type GoogleSandboxWorker = { sandbox: RunningSandbox; harness: TestWorkerContext; control: ReturnType<typeof googleControl> };

/** For one test file: a provider sandbox and a worker context pointed at it, started before and closed after. */
export function useGoogleSandboxWorker(): GoogleSandboxWorker {
  const w = {} as GoogleSandboxWorker;
  beforeAll(async () => {
    w.sandbox = await startSandbox();
    w.control = googleControl(w.sandbox.url);
    w.harness = await createTestWorkerContext({ SANDBOX_URL: w.sandbox.url });
  });
  afterAll(async () => {
    await w.harness?.close();
    await w.sandbox?.close();
  });
  return w;
}
