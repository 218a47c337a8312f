import { ok, type Result, refuse } from './refusal.js';

/**
 * Money is an integer count of the currency's smallest unit (fen, cent, satoshi, wei…), held in a JS
 * `number`. We reject anything above Number.MAX_SAFE_INTEGER instead of switching to bigint: every fiat
 * amount we handle is far below it, and one numeric type keeps the store, the API and the ledger simple.
 * The price is ETH: 2^53 wei is about 0.009 ETH, so ETH charges are capped there until amounts become
 * strings/bigints end to end (USDT/USDC at 6 decimals and BTC at 8 are fine).
 */
export const CURRENCY_EXPONENTS = {
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
} as const;

export type Currency = keyof typeof CURRENCY_EXPONENTS;
export const CURRENCIES = Object.keys(CURRENCY_EXPONENTS) as readonly Currency[];

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCY_EXPONENTS, value);
}

/** Number of decimal digits of the minor unit: 2 for CNY (fen), 0 for JPY, 18 for ETH (wei). */
export function minorUnits(currency: Currency): number {
  return CURRENCY_EXPONENTS[currency];
}

export interface AmountRange {
  /** Inclusive bounds, in minor units. */
  readonly min: number;
  readonly max: number;
}

/**
 * What one charge may be, before any channel's own limits. CNY/HKD follow EFTPay's documented 0.02–60000
 * (the narrowest of our CNY/HKD channels); PHP/IDR follow PayCools' documented amount ranges (v1 and ID v2); the rest are sensible
 * gateway defaults (ETH's max is the safe-integer cap, see above).
 */
export const CHARGE_AMOUNT_RANGES: Readonly<Record<Currency, AmountRange>> = {
  CNY: { min: 2, max: 6_000_000 },
  HKD: { min: 2, max: 6_000_000 },
  USD: { min: 1, max: 10_000_000 }, // 0.01 – 100,000.00
  PHP: { min: 100, max: 500_000_000 }, // 1.00 – 5,000,000.00
  IDR: { min: 1_000_000, max: 10_000_000_000 }, // 10,000.00 – 100,000,000.00 (ID v2's bounds read as rupiah)
  JPY: { min: 1, max: 10_000_000 }, // ¥1 – ¥10,000,000
  KRW: { min: 100, max: 100_000_000 }, // ₩100 – ₩100,000,000
  USDT: { min: 10_000, max: 1_000_000_000_000 }, // 0.01 – 1,000,000
  USDC: { min: 10_000, max: 1_000_000_000_000 },
  BTC: { min: 1_000, max: 10_000_000_000 }, // 0.00001 – 100 BTC
  ETH: { min: 1_000_000_000_000, max: Number.MAX_SAFE_INTEGER }, // 0.000001 – ~0.009 ETH
};

/** A positive integer amount of minor units that a `number` holds exactly. */
export function isMinorAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Shape check shared by charges, refunds and payouts: positive safe integer of minor units. */
export function checkPositiveAmount(amount: number, param = 'amount'): Result {
  if (isMinorAmount(amount)) return ok();
  return refuse(
    'invalid_amount',
    {
      en: `${param} must be a positive integer of minor units, at most ${Number.MAX_SAFE_INTEGER}`,
      zh: `${param} 须为正整数（最小货币单位），最大 ${Number.MAX_SAFE_INTEGER}`,
    },
    param,
  );
}

export function checkChargeAmount(amount: number, currency: Currency, param = 'amount'): Result {
  const shape = checkPositiveAmount(amount, param);
  if (!shape.ok) return shape;
  const { min, max } = CHARGE_AMOUNT_RANGES[currency];
  if (amount < min || amount > max) {
    return refuse(
      'amount_out_of_range',
      {
        en:
          `${param} must be between ${formatAmount(min, currency)} and ${formatAmount(max, currency)} ${currency} ` +
          `(${min} to ${max} minor units)`,
        zh:
          `${param} 须在 ${formatAmount(min, currency)} 至 ${formatAmount(max, currency)} ${currency} 之间` +
          `（${min} 至 ${max} 最小货币单位）`,
      },
      param,
    );
  }
  return ok();
}

/**
 * Minor units as a decimal string with exactly the currency's decimals ("12.30", "1234" for JPY), for
 * providers that take amounts in major units. Throws on a non-integer: that is a bug upstream of here,
 * not a business refusal.
 */
export function formatAmount(minor: number, currency: Currency): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`formatAmount: ${minor} is not a safe integer`);
  const exponent = minorUnits(currency);
  // A safe integer's toString() is its exact decimal digits (no exponent notation below 1e21).
  const digits = Math.abs(minor).toString();
  const sign = minor < 0 ? '-' : '';
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, '0');
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * "12.34" → 1234 (CNY). Pure string arithmetic, never a float. Trailing zeros beyond the currency's
 * decimals are accepted ("1.230" CNY); any other extra precision is refused, as are signs, exponents,
 * blanks and values above the safe-integer cap. Zero is a valid parse: positivity is the caller's rule.
 */
export function parseDecimalAmount(input: string, currency: Currency, param = 'amount'): Result<number> {
  const match = typeof input === 'string' ? DECIMAL.exec(input) : null;
  if (!match)
    return refuse(
      'invalid_amount',
      { en: `${param} must be a decimal number such as "12.34"`, zh: `${param} 须为十进制数，如 "12.34"` },
      param,
    );
  const exponent = minorUnits(currency);
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (/[^0]/.test(fraction.slice(exponent))) {
    return refuse(
      'invalid_amount',
      {
        en: `${param} has more than ${exponent} decimals for ${currency}`,
        zh: `${param} 的小数位超过 ${currency} 的 ${exponent} 位`,
      },
      param,
    );
  }
  const digits = (whole + fraction.slice(0, exponent).padEnd(exponent, '0')).replace(/^0+(?=\d)/, '');
  if (BigInt(digits) > MAX_SAFE) {
    return refuse(
      'invalid_amount',
      {
        en: `${param} exceeds ${Number.MAX_SAFE_INTEGER} minor units`,
        zh: `${param} 超过 ${Number.MAX_SAFE_INTEGER}（最小货币单位）`,
      },
      param,
    );
  }
  return ok(Number(digits));
}
