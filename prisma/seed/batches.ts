/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for our widest row. */
export const BATCH_SIZE = 2_000;

/** Splits `items` into consecutive batches of at most `size`. */
export function* inBatches<T>(items: readonly T[], size = BATCH_SIZE): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** Runs `insert` for each batch and adds up the counts it reports (createMany's `count`). */
export async function insertInBatches<T>(items: readonly T[], insert: (batch: T[]) => Promise<{ count: number }>): Promise<number> {
  let total = 0;
  for (const batch of inBatches(items)) total += (await insert(batch)).count;
  return total;
}
