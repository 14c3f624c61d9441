import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX_LOADER = pathToFileURL(resolve(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export type SpawnedProcess = {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the combined output matches; rejects if the process exits first. */
  waitFor: (pattern: RegExp) => Promise<void>;
  output: () => string;
};

/**
 * Runs an entry point (path relative to the repository root) as its own Node process, with exactly
 * `env` (plus PATH) so no developer `.env` or shell variable leaks in; `cwd` should be an empty
 * directory for the same reason. A `.ts` entry runs its sources through tsx (workspace packages
 * resolved to their TypeScript under the `@billops/source` condition); a `.js` entry is compiled
 * output (`pnpm build`) and runs on plain Node, as in production.
 */
export function spawnEntry(entry: string, env: NodeJS.ProcessEnv, cwd: string): SpawnedProcess {
  const path = resolve(REPO_ROOT, entry);
  const args = path.endsWith('.ts') ? ['--conditions=@billops/source', '--import', TSX_LOADER, path] : ['--enable-source-maps', path];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  const waitFor = (pattern: RegExp) =>
    new Promise<void>((resolveWait, reject) => {
      const check = () => {
        if (!pattern.test(output)) return;
        waiters.delete(check);
        resolveWait();
      };
      waiters.add(check);
      check();
      void exited.then(({ code, signal }) => reject(new Error(`process exited (${code ?? signal}) before ${pattern}:\n${output}`)));
    });
  return { child, exited, waitFor, output: () => output };
}
