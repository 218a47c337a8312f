/** Counts requests in flight per app, so an app cannot hold more than its limit at once. */
export interface ConcurrencyLimiter {
  tryAcquire(appId: string, limit: number): boolean;
  release(appId: string): void;
}

/**
 * Per-process limiter. With several polypay processes each enforces the limit on its own share; a
 * cluster-wide limit needs a shared counter (Redis), which this interface leaves room for.
 */
export class InProcessConcurrencyLimiter implements ConcurrencyLimiter {
  readonly #inFlight = new Map<string, number>();

  tryAcquire(appId: string, limit: number): boolean {
    const current = this.#inFlight.get(appId) ?? 0;
    if (current >= limit) return false;
    this.#inFlight.set(appId, current + 1);
    return true;
  }

  release(appId: string): void {
    const current = this.#inFlight.get(appId) ?? 0;
    if (current <= 1) this.#inFlight.delete(appId);
    else this.#inFlight.set(appId, current - 1);
  }

  inFlight(appId: string): number {
    return this.#inFlight.get(appId) ?? 0;
  }
}
