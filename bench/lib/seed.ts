import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ROOT } from './processes.ts';
import type { BenchEnv } from './env.ts';

/** Runs the CLI seeding script (`pnpm seed`) against the bench database with bulk flags. */
export async function runSeed(env: BenchEnv, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('pnpm', ['--silent', '--filter', '@billops/prisma', 'seed', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env.processEnv },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
