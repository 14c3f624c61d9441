export type EventuallyOptions = {
  /** How long to keep asking before failing. @defaultValue 15000 (half the suite's 30 s test timeout) */
  timeoutMs?: number;
  /** Pause between two checks. @defaultValue 50 */
  intervalMs?: number;
  /** What is awaited, for the failure message ("the sync to finish"). @defaultValue "the condition" */
  what?: string;
};

/** A value `eventually` treats as "not yet". */
type NotYet = undefined | null | false;

/**
 * Polls `check` until it returns something other than undefined, null or false, and returns that:
 * tests wait on the condition itself, never for a fixed time. Fails after `timeoutMs` with a message
 * naming what was awaited and the last value seen. An error thrown by `check` fails at once (a broken
 * check should not look like a slow one).
 */
export async function eventually<T>(
  check: () => T | NotYet | Promise<T | NotYet>,
  options: EventuallyOptions | number = {},
): Promise<Exclude<T, NotYet>> {
  const { timeoutMs = 15_000, intervalMs = 50, what = 'the condition' } = typeof options === 'number' ? { timeoutMs: options } : options;
  const started = Date.now();
  let attempts = 0;
  for (;;) {
    const value = await check();
    attempts += 1;
    if (value !== undefined && value !== null && value !== false) return value as Exclude<T, NotYet>;
    if (Date.now() - started >= timeoutMs) {
      throw new Error(`eventually: ${what} was not met within ${timeoutMs} ms (${attempts} checks, last value: ${String(value)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
