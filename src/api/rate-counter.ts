import { BoundedCache } from './bounded-cache.js';

/** Where a client's fixed window stands after one more request. */
export interface RateWindowHit {
  /** Requests in the current window, this one included. */
  readonly count: number;
  /** Milliseconds until the window ends. */
  readonly resetInMs: number;
}

/**
 * Fixed windows of request counts by key, starting at a key's first request. In process by default; with
 * POLYPAY_REDIS_URL the windows are shared by every process (redis-limits.ts).
 */
export interface RateCounter {
  hit(key: string, windowMs: number): Promise<RateWindowHit>;
}

/** Client addresses whose window is tracked; beyond that the least recently seen is forgotten. */
const TRACKED_KEYS = 10_000;

interface Window {
  start: number;
  count: number;
}

export class InProcessRateCounter implements RateCounter {
  readonly #windows = new BoundedCache<string, Window>(TRACKED_KEYS);

  constructor(readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<RateWindowHit> {
    const at = this.now();
    let window = this.#windows.get(key);
    if (!window || at - window.start >= windowMs) {
      window = { start: at, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetInMs: window.start + windowMs - at };
  }
}
