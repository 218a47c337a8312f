/**
 * VMP amounts are decimal strings in currency units with at most two decimals ("0.02", "1", "60000.00"),
 * never cents. Both currencies VMP takes (HKD, CNY) have two decimals, so one minor unit is 0.01. Parsing
 * is string arithmetic only: a float never holds money here.
 */

/** An optional minus (so that "-1" reads as out of range, as a BigDecimal would), digits, up to 2 decimals. */
const VMP_AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** More digits than this cannot be a real amount; they read as out of range, not as a format error. */
const MAX_DIGITS = 15;

export type ParsedVmpAmount =
  | { readonly ok: true; readonly minor: number }
  /** `format`: not a decimal with ≤ 2 decimals (seed -22); `huge`: a decimal too long to hold (-23). */
  | { readonly ok: false; readonly reason: 'format' | 'huge' };

/** "12.3" → 1230. Negative amounts parse (the caller's range rule refuses them). */
export function parseVmpAmount(text: string): ParsedVmpAmount {
  const match = VMP_AMOUNT.exec(text);
  if (!match) return { ok: false, reason: 'format' };
  const digits = `${match[2]}${(match[3] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return { ok: false, reason: 'huge' };
  const minor = Number(digits);
  return { ok: true, minor: match[1] === '-' ? -minor : minor };
}

/** 1230 → "12.30": always two decimals, as VMP's own answers and notifications write amounts. */
export function formatVmpAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`formatVmpAmount: bad amount ${minor}`);
  const padded = minor.toString().padStart(3, '0');
  return `${padded.slice(0, -2)}.${padded.slice(-2)}`;
}

/** Seed -23: "The range of transaction_amount is 0.02~60000", in minor units, inclusive. */
export const VMP_MIN_AMOUNT = 2;
export const VMP_MAX_AMOUNT = 6_000_000;
