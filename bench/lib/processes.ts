import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export type Service = { name: string; process: ChildProcess; output: string[]; stop: () => Promise<number | null> };

/**
 * Starts an entry point as its own process and waits until `readyWhen` matches its output: a `.ts`
 * entry through tsx (sources), a `.js` one (compiled by `pnpm build`) on plain Node, a `.sh` one through
 * sh (scripts/run-compiled.sh: production's command; it `exec`s Node, so the pid is Node's). `nodeArgs`
 * go to Node itself (flags NODE_OPTIONS refuses, such as --cpu-prof), `args` after the entry.
 */
export async function startService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  readyWhen: RegExp,
  options: { timeoutMs?: number; nodeArgs?: string[]; args?: string[] } = {},
): Promise<Service> {
  const { timeoutMs = 60_000, nodeArgs = [], args = [] } = options;
  const path = resolve(ROOT, entry);
  const runtime = path.endsWith('.ts') ? ['--conditions=@billops/source', '--import', 'tsx'] : ['--enable-source-maps'];
  const [command, commandArgs] = path.endsWith('.sh')
    ? ['sh', [path, ...args]]
    : [process.execPath, [...nodeArgs, ...runtime, path, ...args]];
  const child = spawn(command, commandArgs, {
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

/**
 * Forgets a live process's peak RSS so far (Linux: `5` to /proc/<pid>/clear_refs), so the next
 * peakRssMiB covers only what follows, e.g. the load cases rather than a login before them.
 */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Peak resident set size of a live process (VmHWM), in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** `pnpm build`: the compiled output (`dist/`) that production runs, fresh from the sources. */
export function buildWorkspace(): void {
  execFileSync('pnpm', ['--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
