import { usdCentsOfCrypto } from '../../domain/fx-rates.js';
import { type Currency, isCurrency } from '../../domain/money.js';

/**
 * What the ledger books for an agreement amount. The ledger holds integers of fiat minor units; an
 * agreement priced in crypto (18 decimals for ETH pass 2^53) keeps its exact amount as an integer string on
 * the deduction and its refunds, and the ledger books its USD value (cents, rounded down) at the price
 * of the day the deduction was made.
 */
export interface LedgerValue {
  readonly amount: number;
  readonly currency: Currency;
}

/** The value to book, or undefined when the ledger cannot hold it (the API refuses such amounts). */
export function ledgerValueOf(
  amount: bigint,
  currency: string,
  currencyType: string,
): LedgerValue | undefined {
  if (currencyType === 'CRYPTO') {
    const cents = usdCentsOfCrypto(amount, currency);
    // Less than a cent books nothing (amount 0); more than the ledger's integers hold is not bookable.
    if (cents === undefined || cents > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
    return { amount: Number(cents), currency: 'USD' };
  }
  if (!isCurrency(currency) || amount > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  return { amount: Number(amount), currency };
}

/**
 * The ledger share of refunding `amount` of a deduction booked at `booked` for `total`: pro rata, rounded
 * down, and the last refund takes what is left so that a full refund gives back exactly what was booked.
 */
export function refundLedgerShare(
  booked: number,
  total: bigint,
  amount: bigint,
  alreadyTaken: { amount: bigint; ledger: number },
): number {
  if (alreadyTaken.amount + amount >= total) return booked - alreadyTaken.ledger;
  return Number((BigInt(booked) * amount) / total);
}
