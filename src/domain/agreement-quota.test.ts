import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CountedDeduction, exceededPeriod, PERIOD_TYPES, periodStartIn } from './agreement-quota.js';

/**
 * Quotas as a property: whatever the deductions, their times (across day, week, month and year
 * boundaries, in several time zones) and amounts, accepting exactly those that `exceededPeriod` lets
 * through never puts any period above its limit.
 */

const ZONES = ['Asia/Hong_Kong', 'America/New_York', 'Europe/London', 'UTC'];
const START = Date.UTC(2026, 11, 28); // a week, a month and a year end close by

describe('agreement quotas', () => {
  it('a period starts at or before the instant, and the instant before it is in the previous period', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.constantFrom(...PERIOD_TYPES),
        fc.constantFrom(...ZONES),
        (offset, type, zone) => {
          const at = START + offset;
          const start = periodStartIn(type, at, zone);
          expect(start).toBeLessThanOrEqual(at);
          expect(periodStartIn(type, start, zone)).toBe(start);
          expect(periodStartIn(type, start - 1, zone)).toBeLessThan(start);
        },
      ),
    );
  });

  it('never lets accepted deductions pass a period limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 * 3_600_000 }), fc.bigInt({ min: 1n, max: 4_000n })), {
          maxLength: 60,
        }),
        fc.constantFrom(...ZONES),
        fc.bigInt({ min: 1_000n, max: 20_000n }),
        fc.bigInt({ min: 1_000n, max: 50_000n }),
        (steps, zone, dayLimit, weekLimit) => {
          const limits = [
            { periodType: 'DAY' as const, amount: dayLimit },
            { periodType: 'WEEK' as const, amount: weekLimit },
          ];
          const accepted: CountedDeduction[] = [];
          let at = START;
          for (const [gap, amount] of steps) {
            at += gap;
            if (exceededPeriod(limits, accepted, amount, at, zone) === undefined)
              accepted.push({ createdAt: at, net: amount });
          }
          for (const limit of limits) {
            const byPeriod = new Map<number, bigint>();
            for (const d of accepted) {
              const key = periodStartIn(limit.periodType, d.createdAt, zone);
              byPeriod.set(key, (byPeriod.get(key) ?? 0n) + d.net);
            }
            for (const used of byPeriod.values()) expect(used <= limit.amount).toBe(true);
          }
        },
      ),
    );
  });
});
