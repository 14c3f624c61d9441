// Start time and peak RSS of the API compiled (`pnpm build`, plain Node) against today's tsx start,
// under the reads case's saturation load (GET /api/v1/time-entries?limit=50, autocannon, 32
// connections, 3 s warm-up then 10 s). Not part of `pnpm bench`; run by hand after `pnpm build`,
// against a database seeded with `pnpm seed -- --users 1 --entries 100000`:
//   DATABASE_URL=... TOKEN_ENCRYPTION_KEY=... pnpm exec tsx --conditions=@billops/source bench/compiled-vs-tsx.ts [rounds]
// Variants alternate within each round so a busy moment on a shared machine hits both.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { load } from './lib/load.ts';
import { peakRssMiB, startService } from './lib/processes.ts';

const ROUNDS = Number(process.argv[2] ?? 3);
const VARIANTS = [
  { name: 'tsx', entry: 'apps/api/src/server.ts' },
  { name: 'compiled', entry: 'apps/api/dist/server.js' },
];
const PORT = 18_000 + Math.floor(Math.random() * 1000);
const env = {
  NODE_ENV: 'production',
  ALLOW_SANDBOX_IN_PRODUCTION: 'true',
  LOG_LEVEL: 'info',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  QUEUE_PREFIX: `bench-compiled-${randomBytes(3).toString('hex')}`,
};

/** CPU time (user + system) a process has used so far: start-up cost that a busy machine cannot inflate as it does wall time. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const results: Record<string, { startMs: number; startCpuMs: number; idleMiB: number; peakMiB: number; rps: number; p99: number }[]> = {};
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const variant of round % 2 ? VARIANTS : [...VARIANTS].reverse()) {
    const started = performance.now();
    const api = await startService(variant.name, variant.entry, env, /API listening/);
    const startMs = performance.now() - started;
    const startCpuMs = cpuMs(api.process.pid!);
    const idleMiB = peakRssMiB(api.process.pid!);
    const base = `http://127.0.0.1:${PORT}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench-1@bench.billops.test', password: 'bench-user-password' }),
    });
    const { token } = (await login.json()) as { token: string };
    const url = `${base}/api/v1/time-entries?limit=50`;
    const headers = { authorization: `Bearer ${token}` };
    await load({ url, headers, durationSeconds: 3 });
    const measured = await load({ url, headers, durationSeconds: 10 });
    const peakMiB = peakRssMiB(api.process.pid!);
    if (measured.errors + measured.non2xx > 0) throw new Error(`${variant.name}: ${measured.errors} errors, ${measured.non2xx} non-2xx`);
    if ((await api.stop()) !== 0) throw new Error(`${variant.name} did not exit 0`);
    (results[variant.name] ??= []).push({ startMs, startCpuMs, idleMiB, peakMiB, rps: measured.requestsPerSecond, p99: measured.p99 });
    console.log(
      `round ${round} ${variant.name}: start ${startMs.toFixed(0)} ms (CPU ${startCpuMs} ms), ` +
        `RSS after start ${idleMiB.toFixed(0)} MiB, peak ${peakMiB.toFixed(0)} MiB, ` +
        `${measured.requestsPerSecond.toFixed(0)} req/s, p99 ${measured.p99} ms`,
    );
  }
}
for (const [name, runs] of Object.entries(results)) {
  const range = (pick: (r: (typeof runs)[number]) => number) =>
    `${Math.min(...runs.map(pick)).toFixed(0)}–${Math.max(...runs.map(pick)).toFixed(0)}`;
  console.log(
    `${name}: start ${range((r) => r.startMs)} ms (CPU ${range((r) => r.startCpuMs)} ms), ` +
      `RSS after start ${range((r) => r.idleMiB)} MiB, peak ${range((r) => r.peakMiB)} MiB, ${range((r) => r.rps)} req/s`,
  );
}
