import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHARGE_AMOUNT_RANGES,
  CURRENCIES,
  checkChargeAmount,
  checkPositiveAmount,
  formatAmount,
  isCurrency,
  isMinorAmount,
  minorUnits,
  parseDecimalAmount,
} from './money.js';

describe('currencies', () => {
  it('knows each exponent', () => {
    expect(Object.fromEntries(CURRENCIES.map((c) => [c, minorUnits(c)]))).toEqual({
      CNY: 2,
      HKD: 2,
      USD: 2,
      PHP: 2,
      IDR: 2,
      JPY: 0,
      KRW: 0,
      USDT: 6,
      USDC: 6,
      BTC: 8,
      ETH: 18,
    });
  });

  it('recognises currency codes exactly', () => {
    expect(isCurrency('CNY')).toBe(true);
    expect(isCurrency('cny')).toBe(false);
    expect(isCurrency('EUR')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
    expect(isCurrency(undefined)).toBe(false);
  });

  it('every range is a valid safe interval', () => {
    for (const c of CURRENCIES) {
      const { min, max } = CHARGE_AMOUNT_RANGES[c];
      expect(isMinorAmount(min) && isMinorAmount(max) && min <= max).toBe(true);
    }
  });
});

describe('checkChargeAmount', () => {
  it('accepts the EFTPay range bounds for HKD and CNY', () => {
    for (const c of ['HKD', 'CNY'] as const) {
      expect(checkChargeAmount(2, c).ok).toBe(true);
      expect(checkChargeAmount(6_000_000, c).ok).toBe(true);
    }
  });

  it('refuses out-of-range amounts with the range in the message', () => {
    const low = checkChargeAmount(1, 'HKD');
    expect(low).toEqual({
      ok: false,
      code: 'amount_out_of_range',
      message: 'amount must be between 0.02 and 60000.00 HKD (2 to 6000000 minor units)',
      messageZh: 'amount 须在 0.02 至 60000.00 HKD 之间（2 至 6000000 最小货币单位）',
      param: 'amount',
    });
    expect(checkChargeAmount(6_000_001, 'CNY')).toMatchObject({ ok: false, code: 'amount_out_of_range' });
  });

  it('refuses non-integer, non-positive and unsafe amounts as invalid', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      expect(checkChargeAmount(bad, 'USD')).toMatchObject({
        ok: false,
        code: 'invalid_amount',
        param: 'amount',
      });
    }
  });

  it('caps ETH at the safe-integer limit', () => {
    expect(checkChargeAmount(Number.MAX_SAFE_INTEGER, 'ETH').ok).toBe(true);
    expect(checkChargeAmount(2 ** 53, 'ETH')).toMatchObject({ code: 'invalid_amount' });
  });

  it('names the param it was given', () => {
    expect(checkPositiveAmount(0, 'refund_amount')).toMatchObject({ param: 'refund_amount' });
    expect(checkPositiveAmount(1)).toEqual({ ok: true, value: undefined });
  });
});

describe('formatAmount', () => {
  it.each([
    [1234, 'CNY', '12.34'],
    [5, 'CNY', '0.05'],
    [0, 'USD', '0.00'],
    [-1230, 'HKD', '-12.30'],
    [1234, 'JPY', '1234'],
    [1, 'BTC', '0.00000001'],
    [1_500_000, 'USDT', '1.500000'],
    [Number.MAX_SAFE_INTEGER, 'ETH', '0.009007199254740991'],
  ] as const)('%d %s → %s', (minor, currency, text) => {
    expect(formatAmount(minor, currency)).toBe(text);
  });

  it('throws on a non-integer (a bug, not a refusal)', () => {
    expect(() => formatAmount(1.5, 'CNY')).toThrow(RangeError);
  });
});

describe('parseDecimalAmount', () => {
  it.each([
    ['12.34', 'CNY', 1234],
    ['12.3', 'CNY', 1230],
    ['12', 'CNY', 1200],
    ['0.02', 'HKD', 2],
    ['007.10', 'USD', 710],
    ['1.230', 'CNY', 123],
    ['1000', 'JPY', 1000],
    ['1.00', 'JPY', 1],
    ['0', 'USD', 0],
    ['0.000000000000000001', 'ETH', 1],
    ['90071992547409.91', 'USD', Number.MAX_SAFE_INTEGER],
  ] as const)('%s %s → %d', (text, currency, minor) => {
    expect(parseDecimalAmount(text, currency)).toEqual({ ok: true, value: minor });
  });

  it.each([
    ['12.345', 'CNY'],
    ['1.5', 'JPY'],
    ['-1', 'CNY'],
    ['+1', 'CNY'],
    ['1e3', 'CNY'],
    ['.5', 'CNY'],
    ['5.', 'CNY'],
    [' 5', 'CNY'],
    ['', 'CNY'],
    ['1,000', 'CNY'],
    ['90071992547409.92', 'USD'],
    ['0.01', 'ETH'],
  ] as const)('refuses %j %s', (text, currency) => {
    expect(parseDecimalAmount(text, currency)).toMatchObject({
      ok: false,
      code: 'invalid_amount',
      param: 'amount',
    });
  });

  it('round-trips with formatAmount for every currency', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CURRENCIES), fc.maxSafeNat(), (currency, minor) => {
        expect(parseDecimalAmount(formatAmount(minor, currency), currency)).toEqual({
          ok: true,
          value: minor,
        });
      }),
    );
  });
});
