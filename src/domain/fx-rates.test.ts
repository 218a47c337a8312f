import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertMinorUnits,
  indicativeRate,
  marketRate,
  RATE_WINDOW_MS,
  rateWindowEnd,
  usdCentsOfCrypto,
} from './fx-rates.js';

const scaled = (rate: string) => Number(rate);

describe('the market rate', () => {
  it('holds within a window, moves at the next, and stays within ±0.5 % of the indicative rate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000_000 }), (at) => {
        const start = at - (at % RATE_WINDOW_MS);
        const rate = marketRate('USD', 'USDT', at)!;
        expect(marketRate('USD', 'USDT', start)).toBe(rate);
        expect(marketRate('USD', 'USDT', rateWindowEnd(at) - 1)).toBe(rate);
        expect(marketRate('USD', 'USDT', rateWindowEnd(at))).not.toBe(rate);
        const base = scaled(indicativeRate('USD', 'USDT')!);
        expect(Math.abs(scaled(rate) - base) / base).toBeLessThanOrEqual(0.005 + 1e-12);
        expect(rateWindowEnd(at)).toBe(start + RATE_WINDOW_MS);
      }),
    );
  });

  it('has no rate for a pair polypay does not quote', () => {
    expect(marketRate('USD', 'DOGE', 0)).toBeUndefined();
  });
});

describe('minor-unit conversions', () => {
  it('converts at a decimal rate, rounding up', () => {
    expect(convertMinorUnits(5000n, 2, '1.0002', 6)).toBe(50_010_000n);
    expect(convertMinorUnits(1n, 2, '0.333333', 6)).toBe(3334n);
  });

  it('values 18-decimal amounts above 2^53 exactly, in cents rounded down', () => {
    expect(usdCentsOfCrypto(10n ** 18n, 'ETH')).toBe(300_000n);
    expect(usdCentsOfCrypto(2n ** 53n + 1n, 'ETH')).toBe(((2n ** 53n + 1n) * 300_000n) / 10n ** 18n);
    expect(usdCentsOfCrypto(1n, 'XYZ')).toBeUndefined();
  });
});
