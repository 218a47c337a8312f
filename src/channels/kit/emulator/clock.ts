import type { Clock } from '../../../domain/clock.js';

/**
 * The emulator's clock: the real time plus an offset the tests move (`POST /_emulator/clock`), so that
 * day boundaries, QR expiry and refund windows can be crossed without waiting while time still flows.
 */
export class EmulatorClock implements Clock {
  readonly #base: Clock;
  #offsetMs = 0;

  constructor(base: Clock = { now: () => Date.now() }) {
    this.#base = base;
  }

  now(): number {
    return this.#base.now() + this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  set(epochMs: number): void {
    this.#offsetMs = epochMs - this.#base.now();
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}
