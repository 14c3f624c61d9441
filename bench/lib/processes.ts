import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export type Service = { name: string; process: ChildProcess; output: string[]; stop: () => Promise<number | null> };

/**
 * Starts an entry point as its own process and waits until `readyWhen` matches its output: a `.ts`
 * entry through tsx (sources), a `.js` one (compiled by `pnpm build`) on plain Node.
 */
export async function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  readyWhen: RegExp,
  timeoutMs = 60_000,
  /** Node flags NODE_OPTIONS refuses (`--cpu-prof`), put before the entry. */
  nodeFlags: string[] = [],
): Promise<Service> {
  const path = resolve(ROOT, entry);
  const args = [
    ...nodeFlags,
    ...(path.endsWith('.ts') ? ['--conditions=@billops/source', '--import', 'tsx', path] : ['--enable-source-maps', path]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  await new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start:\n${output.join('')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      if (output.length > 200) output.shift();
      if (readyWhen.test(text)) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  return {
    name,
    process: child,
    output,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop(child.exitCode);
        child.once('exit', (code) => resolveStop(code));
        child.kill('SIGTERM');
      }),
  };
}

/** Peak resident set size of a live process (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
