/**
 * Indicative rates: units of a crypto per unit of a fiat, as decimal strings, around which the sandbox's
 * market moves (`marketRate`). Quotes (`POST /v1/fx/quotes`) come from the agreement channel.
 */

const USDT_PER_FIAT: Readonly<Record<string, string>> = {
  USD: '1.0002',
  EUR: '1.0815',
  GBP: '1.269',
  HKD: '0.1284',
  SGD: '0.743',
  JPY: '0.00668',
  KRW: '0.000725',
};

/** The rate from `from` to `to`, or undefined when polypay quotes no such pair. */
export function indicativeRate(from: string, to: string): string | undefined {
  if (to === 'USDT' || to === 'USDC') return USDT_PER_FIAT[from];
  return undefined;
}

/** Minimum-unit decimals of the crypto currencies agreements may be priced in. */
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

/**
 * US cents one whole coin is worth, for the ledger: it books fiat minor units, so a crypto-priced
 * deduction is booked in USD at this indicative price (the exact crypto amount stays on the deduction).
 */
export const USD_CENTS_PER_COIN: Readonly<Record<string, bigint>> = {
  USDT: 100n,
  USDC: 100n,
  BTC: 9_000_000n,
  ETH: 300_000n,
  TRX: 25n,
  SOL: 15_000n,
  BNB: 60_000n,
  DOGE: 20n,
};

/** US cents of `minorUnits` of a crypto, rounded down (undefined for a coin polypay does not price). */
export function usdCentsOfCrypto(minorUnits: bigint, currency: string): bigint | undefined {
  const cents = USD_CENTS_PER_COIN[currency];
  const decimals = CRYPTO_DECIMALS[currency];
  if (cents === undefined || decimals === undefined) return undefined;
  return (minorUnits * cents) / 10n ** BigInt(decimals);
}

/** How long one market rate holds: quotes expire when the window they were given in ends. */
export const RATE_WINDOW_MS = 60_000;

/**
 * The market rate at `at`: the indicative rate moved by up to ±0.5 %, a deterministic step per
 * RATE_WINDOW_MS window, so that time alone decides it (tests and the sandbox can predict it).
 */
export function marketRate(from: string, to: string, at: number): string | undefined {
  const base = indicativeRate(from, to);
  if (base === undefined) return undefined;
  const [whole = '0', fraction = ''] = base.split('.');
  const scale = 10n ** BigInt(fraction.length + 4);
  const baseScaled = BigInt(whole + fraction) * 10_000n;
  const window = BigInt(Math.floor(at / RATE_WINDOW_MS));
  const step = ((window * 7919n) % 101n) - 50n; // -50..50 basis points of a hundred
  const moved = baseScaled + (baseScaled * step) / 10_000n;
  const int = moved / scale;
  const frac = (moved % scale)
    .toString()
    .padStart(fraction.length + 4, '0')
    .replace(/0+$/, '');
  return frac === '' ? int.toString() : `${int}.${frac}`;
}

/** When the rate window holding `at` ends. */
export function rateWindowEnd(at: number): number {
  return (Math.floor(at / RATE_WINDOW_MS) + 1) * RATE_WINDOW_MS;
}

/** `amount` minor units (of `fromDecimals`) at a decimal `rate`, in minor units of `toDecimals`, rounded up. */
export function convertMinorUnits(
  amount: bigint,
  fromDecimals: number,
  rate: string,
  toDecimals: number,
): bigint {
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = amount * BigInt(whole + fraction) * 10n ** BigInt(toDecimals);
  const denominator = 10n ** BigInt(fraction.length + fromDecimals);
  return (numerator + denominator - 1n) / denominator;
}
