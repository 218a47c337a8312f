/** One request's hold on one of its app's concurrency slots. */
export interface ConcurrencySlot {
  release(): void;
}

/**
 * Counts requests in flight per app, so an app cannot hold more than its limit at once. In process by
 * default; with POLYPAY_REDIS_URL the count is shared by every process (redis-limits.ts).
 */
export interface ConcurrencyLimiter {
  /** A slot for one more request of the app, or undefined when `limit` are already in flight. */
  acquire(appId: string, limit: number): Promise<ConcurrencySlot | undefined>;
}

/** Per-process limiter: with several processes and no Redis, each enforces the limit on its own share. */
export class InProcessConcurrencyLimiter implements ConcurrencyLimiter {
  readonly #inFlight = new Map<string, number>();

  async acquire(appId: string, limit: number): Promise<ConcurrencySlot | undefined> {
    const current = this.#inFlight.get(appId) ?? 0;
    if (current >= limit) return undefined;
    this.#inFlight.set(appId, current + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const now = this.#inFlight.get(appId) ?? 0;
        if (now <= 1) this.#inFlight.delete(appId);
        else this.#inFlight.set(appId, now - 1);
      },
    };
  }

  inFlight(appId: string): number {
    return this.#inFlight.get(appId) ?? 0;
  }
}
