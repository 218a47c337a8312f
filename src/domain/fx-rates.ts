/**
 * Indicative rates polypay quotes (`POST /v1/fx/quotes`): units of a crypto per unit of a fiat, as decimal
 * strings. A quote holds for QUOTE_TTL_MS; the channel locks its own rate when it deducts and reports it
 * (`crypto_payment.exchange_rate`), so a quote is the merchant's preview and a freshness check.
 */

export const QUOTE_TTL_MS = 60_000;

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
