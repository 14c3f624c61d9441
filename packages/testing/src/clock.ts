/** A clock a test sets: `now` reads the real time until `set` fixes it, and again after `useRealTime`. */
export type TestClock = {
  now: () => Date;
  /** From now on `now()` answers this instant (an ISO string or a Date). */
  set: (instant: Date | string) => void;
  useRealTime: () => void;
};

/**
 * The `now` of a test context (ServiceContext['now']). A test whose expectations depend on the date
 * (a daily summary, a nudge "once per local day") fixes the instant, so it passes at any hour.
 */
export function createTestClock(): TestClock {
  let fixed: Date | undefined;
  return {
    now: () => (fixed ? new Date(fixed) : new Date()),
    set: (instant) => {
      fixed = new Date(instant);
    },
    useRealTime: () => {
      fixed = undefined;
    },
  };
}
