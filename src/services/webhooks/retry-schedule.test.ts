import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextWebhookAttemptAt,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_MIN_RETRY_WINDOW_MS,
  WEBHOOK_RETRY_DELAYS_MS,
  webhookRetryDelayMs,
} from './index.js';

/** Runs a delivery that always fails; answers the times of its attempts. */
function simulate(random: () => number, start = 1_000_000): number[] {
  const times = [start];
  for (;;) {
    const now = times[times.length - 1]!;
    const next = nextWebhookAttemptAt(times.length, start, now, random);
    if (next === null) return times;
    times.push(next);
    if (times.length > 100) throw new Error('never gives up');
  }
}

describe('webhook retry schedule', () => {
  it('is 10 s, 30 s, 1 m, 5 m, 15 m, 30 m, 1 h, 2 h, 4 h, 8 h, 12 h, 12 h without jitter', () => {
    const s = 1000;
    expect(WEBHOOK_RETRY_DELAYS_MS).toEqual([
      10 * s,
      30 * s,
      60 * s,
      300 * s,
      900 * s,
      1800 * s,
      3600 * s,
      7200 * s,
      14_400 * s,
      28_800 * s,
      43_200 * s,
      43_200 * s,
    ]);
    expect(WEBHOOK_RETRY_DELAYS_MS.map((_, i) => webhookRetryDelayMs(i + 1, () => 0.5))).toEqual(
      WEBHOOK_RETRY_DELAYS_MS,
    );
  });

  it('grows, and jitters by at most 10 %', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true }),
        (n, r) => {
          const base = WEBHOOK_RETRY_DELAYS_MS[Math.min(n, WEBHOOK_RETRY_DELAYS_MS.length) - 1]!;
          const delay = webhookRetryDelayMs(n, () => r);
          expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
          expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.1));
        },
      ),
    );
  });

  it('keeps trying for at least 24 h whatever the jitter, then gives up', () => {
    for (const random of [() => 0, () => 0.5, () => 0.999_999, Math.random]) {
      const times = simulate(random);
      expect(times.length).toBeGreaterThanOrEqual(WEBHOOK_MAX_ATTEMPTS);
      expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(WEBHOOK_MIN_RETRY_WINDOW_MS);
    }
    expect(simulate(() => 0.5)).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
  });

  it('does not give up before 24 h even when the attempts ran out early', () => {
    const start = 0;
    expect(nextWebhookAttemptAt(WEBHOOK_MAX_ATTEMPTS, start, start + 3_600_000, () => 0.5)).not.toBeNull();
    expect(nextWebhookAttemptAt(WEBHOOK_MAX_ATTEMPTS, start, start + WEBHOOK_MIN_RETRY_WINDOW_MS)).toBeNull();
  });
});
