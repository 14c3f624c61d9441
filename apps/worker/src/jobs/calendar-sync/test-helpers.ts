import { useGoogleSandbox, type GoogleSandbox } from '@billops/testing/domain';
import { createTestWorkerContext, type TestWorkerContext } from '../../testing/harness.ts';

export type GoogleSandboxWorker = GoogleSandbox<TestWorkerContext>;

/** For one test file: a provider sandbox and a worker context pointed at it, started before and closed after. */
export const useGoogleSandboxWorker = (): GoogleSandboxWorker => useGoogleSandbox((env) => createTestWorkerContext(env));
