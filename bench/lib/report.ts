import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from './processes.ts';

export type Row = {
  case: string;
  metric: string;
  value: string;
  ceiling?: string;
  ratio?: string;
  target?: string;
  ok?: boolean;
  /** The 1-minute load average before the case ran, marked BUSY when the machine was busy (see machineLoad). */
  load?: string;
};

/** The machine's load average when a case starts; other work on the machine makes its figures noise. */
export type MachineLoad = { oneMinute: number; fiveMinutes: number; fifteenMinutes: number; cores: number; busy: boolean };

/**
 * Busy: a 1-minute load average above half the cores before a case. The bench itself keeps about
 * that many runnable (API, PostgreSQL, load generator) once it runs, so more than that beforehand
 * means someone else's work shares the cores and lowers every figure of the case, ratios included.
 */
export function machineLoad(): MachineLoad {
  const [oneMinute = 0, fiveMinutes = 0, fifteenMinutes = 0] = loadavg();
  const cores = availableParallelism();
  return { oneMinute, fiveMinutes, fifteenMinutes, cores, busy: oneMinute > 0.5 * cores };
}

export const formatLoad = (load: MachineLoad) => `${load.oneMinute.toFixed(2)}${load.busy ? ' BUSY' : ''}`;

/** Runs one case and stamps its rows with the load average measured just before it. */
export async function measured<T extends { rows: Row[]; details: Record<string, unknown> }>(
  run: () => Promise<T>,
): Promise<T & { load: MachineLoad }> {
  const load = machineLoad();
  const result = await run();
  return { ...result, rows: result.rows.map((row) => ({ ...row, load: row.load ?? formatLoad(load) })), load };
}

export function printTable(rows: Row[]): void {
  const headers = ['case', 'metric', 'value', 'ceiling', 'ratio', 'target', 'ok', 'load'] as const;
  const cells = rows.map((r) => headers.map((h) => (h === 'ok' ? (r.ok === undefined ? '' : r.ok ? 'yes' : 'NO') : String(r[h] ?? ''))));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  if (rows.some((r) => r.load?.includes('BUSY'))) {
    console.log(`\nBUSY: the 1-minute load average was above half the ${availableParallelism()} cores before the case;`);
    console.log('other work shared the machine, so read its figures (ratios included) as noise, not as a regression.');
  }
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
        // Any case that started on a busy machine (its rows carry "BUSY" in `load`).
        busy: rows.some((r) => r.load?.includes('BUSY')),
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
