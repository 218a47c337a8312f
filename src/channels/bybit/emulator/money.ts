/**
 * Currencies, chains and rates as the emulator knows them (reference §1): every amount is a string of an
 * integer in the currency's minimum unit, read into a bigint so that 18 decimals of ETH survive.
 */

export type CurrencyType = 'FIAT' | 'CRYPTO';

export const FIAT_DECIMALS: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  HKD: 2,
  SGD: 2,
  JPY: 0,
  KRW: 0,
};

export const CRYPTO_DECIMALS: Readonly<Record<string, number>> = {
  USDT: 6,
  USDC: 6,
  BTC: 8,
  ETH: 18,
  TRX: 6,
  SOL: 9,
  BNB: 8,
  DOGE: 8,
};

/** Chains each crypto may travel on; an unknown chain or one of another coin is CHAIN_NOT_SUPPORTED. */
export const CHAINS: Readonly<Record<string, readonly string[]>> = {
  USDT: ['TRC20', 'ERC20', 'BEP20', 'SOL'],
  USDC: ['ERC20', 'BEP20', 'SOL'],
  BTC: ['BTC'],
  ETH: ['ERC20'],
  TRX: ['TRC20'],
  SOL: ['SOL'],
  BNB: ['BEP20'],
  DOGE: ['DOGE'],
};
export const ALL_CHAINS = new Set(Object.values(CHAINS).flat());

/** The crypto a fiat-priced deduction is paid in, and the chain it settles on. */
export const SETTLE_CURRENCY = 'USDT';
export const SETTLE_CHAIN = 'TRC20';

/**
 * Units of USDT per unit of each fiat, scaled by 1e8 (an exchange's mid rate with a small spread): the
 * base the market moves around (`usdtPerFiatE8`).
 */
export const USDT_PER_FIAT_E8: Readonly<Record<string, bigint>> = {
  USD: 100_020_000n,
  EUR: 108_150_000n,
  GBP: 126_900_000n,
  HKD: 12_840_000n,
  SGD: 74_300_000n,
  JPY: 668_000n,
  KRW: 72_500n,
};
export const RATE_SCALE = 100_000_000n;

/** How long one market rate holds (inferred): it moves at each window's start, by the emulator clock. */
export const RATE_WINDOW_MS = 60_000;

/**
 * The market at `at` (inferred: Bybit's rates move, its docs give no model): the base rate moved by up to
 * ±0.5 %, one deterministic step per RATE_WINDOW_MS window, so the emulator clock alone decides it.
 */
export function usdtPerFiatE8(fiat: string, at: number): bigint | undefined {
  const base = USDT_PER_FIAT_E8[fiat];
  if (base === undefined) return undefined;
  const window = BigInt(Math.floor(at / RATE_WINDOW_MS));
  const step = ((window * 7919n) % 101n) - 50n;
  return base + (base * step) / 10_000n;
}

/** When the rate window holding `at` ends: a quotation holds until then. */
export function rateWindowEnd(at: number): number {
  return (Math.floor(at / RATE_WINDOW_MS) + 1) * RATE_WINDOW_MS;
}

export type AmountProblem = 'format' | 'currency' | 'chain' | 'precision' | 'currency_type';

export interface Money {
  readonly total: bigint;
  readonly currency: string;
  readonly currencyType: CurrencyType;
  readonly chain?: string;
  readonly chainAddress?: string;
}

export function decimalsOf(currency: string, type: CurrencyType): number | undefined {
  return type === 'FIAT' ? FIAT_DECIMALS[currency] : CRYPTO_DECIMALS[currency];
}

/** Integer strings only; the precision rule needs the currency, so it is checked in `checkMoney`. */
export function parseMinorUnits(total: string): bigint | undefined {
  if (!/^[0-9]{1,32}$/.test(total)) return undefined;
  const value = BigInt(total);
  return value > 0n ? value : undefined;
}

/**
 * The amount's problem, if any. "Too much precision" in minimum units means trailing digits the currency
 * cannot carry: a JPY amount is whole yen, so any string is fine; a fiat amount with a decimal point is a
 * format error. For crypto, Bybit's wallet carries at most 8 significant decimals for 18-decimal coins
 * (ETH): an amount whose last 10 digits are not zero is refused as INVALID_AMOUNT (inferred).
 */
export function amountProblem(money: Money): AmountProblem | undefined {
  const decimals = decimalsOf(money.currency, money.currencyType);
  if (decimals === undefined) {
    const other = money.currencyType === 'FIAT' ? CRYPTO_DECIMALS : FIAT_DECIMALS;
    return Object.hasOwn(other, money.currency) ? 'currency_type' : 'currency';
  }
  if (money.currencyType === 'CRYPTO' && money.chain !== undefined) {
    if (!(CHAINS[money.currency] ?? []).includes(money.chain)) return 'chain';
  } else if (money.currencyType === 'FIAT' && money.chain !== undefined) {
    // A fiat amount's chain is the one its USDT settles on.
    if (!(CHAINS[SETTLE_CURRENCY] ?? []).includes(money.chain)) return 'chain';
  }
  if (decimals > 8 && money.total % 10n ** BigInt(decimals - 8) !== 0n) return 'precision';
  return undefined;
}

/** Crypto minor units for a fiat amount at `rateE8`, rounded up (the buyer pays the rounding). */
export function fiatToCrypto(fiatTotal: bigint, fiat: string, crypto: string, rateE8: bigint): bigint {
  const fiatDecimals = BigInt(FIAT_DECIMALS[fiat] ?? 2);
  const cryptoDecimals = BigInt(CRYPTO_DECIMALS[crypto] ?? 6);
  const numerator = fiatTotal * rateE8 * 10n ** cryptoDecimals;
  const denominator = RATE_SCALE * 10n ** fiatDecimals;
  return (numerator + denominator - 1n) / denominator;
}

/** A rate scaled by 1e8 as the decimal string Bybit shows (`exchange_rate`). */
export function rateString(rateE8: bigint): string {
  const whole = rateE8 / RATE_SCALE;
  const fraction = (rateE8 % RATE_SCALE).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}
