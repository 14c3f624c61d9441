/** Median and spread of repeated measurements. */
export type Summary = { median: number; min: number; max: number; runs: number[] };

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
}

/** Runs `fn` once to warm up, then `repetitions` times, returning each run's result. */
export async function repeat<T>(repetitions: number, fn: (run: number) => Promise<T>, options: { warmup?: boolean } = {}): Promise<T[]> {
  if (options.warmup !== false) await fn(-1);
  const results: T[] = [];
  for (let run = 0; run < repetitions; run += 1) results.push(await fn(run));
  return results;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: performance.now() - start, result };
}
