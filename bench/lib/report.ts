import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from './processes.ts';

export type Row = { case: string; metric: string; value: string; ceiling?: string; ratio?: string; target?: string; ok?: boolean };

export function printTable(rows: Row[]): void {
  const headers = ['case', 'metric', 'value', 'ceiling', 'ratio', 'target', 'ok'] as const;
  const cells = rows.map((r) => headers.map((h) => (h === 'ok' ? (r.ok === undefined ? '' : r.ok ? 'yes' : 'NO') : String(r[h] ?? ''))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

function git(command: string): string {
  try {
    return execSync(`git ${command}`, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function writeResults(rows: Row[], details: Record<string, unknown>): string {
  const dir = resolve(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: process.platform,
  };
  const versions = { node: process.version, postgres: details.postgresVersion, redis: details.redisVersion };
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        commit: git('rev-parse HEAD'),
        dirty: git('status --porcelain') !== '',
        machine,
        versions,
        rows,
        details,
      },
      null,
      2,
    ),
  );
  return file;
}
