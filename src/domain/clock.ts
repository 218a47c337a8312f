/** Time source, injected so that rules about days and windows are testable without waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(epochMs: number): Clock {
  return { now: () => epochMs };
}

export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

/** A clock that moves only when told to, for tests of windows, expiries and retries. */
export function manualClock(startMs = 0): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
    set(epochMs) {
      current = epochMs;
    },
  };
}
