import type { Currency } from './money.js';

/**
 * The pure half of the ledger: which postings each money movement makes. The store writes them in the
 * same transaction as the state change (DESIGN invariant 2).
 *
 * Chart of accounts, one set per merchant (invariant 7: even our fee revenue is kept per merchant, so no
 * row is shared between merchants):
 *   channel_receivable  asset      gross money collected for the merchant, held by the channel/acquirer
 *   pending             liability  the merchant's net proceeds not yet settled
 *   available           liability  the merchant's settled balance
 *   fees                revenue    polypay's fees on this merchant's charges
 * Signs: debit positive, credit negative; every batch sums to zero per currency. So the merchant's pending
 * and available balances are the negated sums of their postings.
 *
 * Builders throw RangeError on impossible inputs (fee above amount, a refund split that does not add up):
 * those are bugs in the caller, never a merchant's mistake, and must not be booked.
 */

export const LEDGER_ACCOUNTS = {
  channelReceivable: 'channel_receivable',
  pending: 'pending',
  available: 'available',
  fees: 'fees',
  payoutHold: 'payout_hold',
} as const;
export type LedgerAccount = (typeof LEDGER_ACCOUNTS)[keyof typeof LEDGER_ACCOUNTS];

export interface Posting {
  readonly account: string;
  /** Signed minor units: debit > 0, credit < 0. */
  readonly amount: number;
  readonly currency: Currency;
}

const { channelReceivable, pending, available, fees, payoutHold } = LEDGER_ACCOUNTS;

/**
 * Payouts (transfers, red envelopes). `payout_hold` (liability) is money of the merchant reserved for a
 * payout in flight: held from the available balance when the payout is made, then either sent (the
 * channel pays it from what it holds for us) or released back to the available balance.
 */
export function postingsForPayoutHold(amount: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  return build(currency, [
    [available, amount],
    [payoutHold, -amount],
  ]);
}

/** The payout succeeded: the held money left through the channel. */
export function postingsForPayoutSent(amount: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  return build(currency, [
    [payoutHold, amount],
    [channelReceivable, -amount],
  ]);
}

/** The payout failed: the held money is the merchant's to spend again. */
export function postingsForPayoutReleased(amount: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  return build(currency, [
    [payoutHold, amount],
    [available, -amount],
  ]);
}

/** A sent payout came back from the receiving side: the money returns to the available balance. */
export function postingsForPayoutReturned(amount: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  return build(currency, [
    [channelReceivable, amount],
    [available, -amount],
  ]);
}

/** A confirmed payment: the channel holds the gross, the merchant is owed the net, we earn the fee. */
export function postingsForPaid(amount: number, fee: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  requireAmount('fee', fee, 0);
  if (fee > amount) throw new RangeError(`fee ${fee} exceeds amount ${amount}`);
  return build(currency, [
    [channelReceivable, amount],
    [pending, -(amount - fee)],
    [fees, -fee],
  ]);
}

/**
 * A refund leaves the channel. The merchant's share (`amount - feeRefunded`) is taken from the charge's
 * unsettled proceeds first (`fromPending`), then from the settled balance (`fromAvailable`); see
 * `splitRefundFunding`. `feeRefunded` is the pro-rata fee we give back (`feeRefundFor`).
 */
export function postingsForRefund(
  amount: number,
  fromPending: number,
  fromAvailable: number,
  currency: Currency,
  feeRefunded = 0,
): Posting[] {
  requireAmount('amount', amount, 1);
  requireAmount('fromPending', fromPending, 0);
  requireAmount('fromAvailable', fromAvailable, 0);
  requireAmount('feeRefunded', feeRefunded, 0);
  if (fromPending + fromAvailable + feeRefunded !== amount) {
    throw new RangeError(
      `refund split ${fromPending} + ${fromAvailable} + fee ${feeRefunded} does not add up to ${amount}`,
    );
  }
  return build(currency, [
    [channelReceivable, -amount],
    [pending, fromPending],
    [available, fromAvailable],
    [fees, feeRefunded],
  ]);
}

/** Which part of a refund comes from the charge's unsettled proceeds and which from the available balance. */
export function splitRefundFunding(
  amount: number,
  chargeUnsettled: number,
  feeRefunded = 0,
): { readonly fromPending: number; readonly fromAvailable: number } {
  const merchantShare = amount - feeRefunded;
  const fromPending = Math.min(merchantShare, Math.max(0, chargeUnsettled));
  return { fromPending, fromAvailable: merchantShare - fromPending };
}

/** Settlement makes the merchant's proceeds available; the money stays with the channel. */
export function postingsForSettlement(amount: number, currency: Currency): Posting[] {
  requireAmount('amount', amount, 1);
  return build(currency, [
    [pending, amount],
    [available, -amount],
  ]);
}

/**
 * A cancel (撤单) or void undoes the payment entirely, fee included (Shouqianba: revoke charges no fee).
 * Both are same-day and refused after settlement or any refund, so the proceeds are still all pending.
 */
export function postingsForCancel(amount: number, fee: number, currency: Currency): Posting[] {
  return postingsForPaid(amount, fee, currency).map((p) => ({ ...p, amount: -p.amount }));
}

export const postingsForVoid = postingsForCancel;

/**
 * Fee in minor units for a rate in basis points (1 bp = 0.01%), rounded half up to the minor unit:
 * the usual acquirer rule, and symmetric enough that no side drifts. Exact for any safe amount (bigint).
 */
export function feeFor(amount: number, feeBps: number): number {
  requireAmount('amount', amount, 0);
  if (!Number.isInteger(feeBps) || feeBps < 0 || feeBps > 10_000) {
    throw new RangeError(`feeBps must be an integer in 0..10000, got ${feeBps}`);
  }
  return Number((BigInt(amount) * BigInt(feeBps) + 5_000n) / 10_000n);
}

/**
 * Fee returned with a refund, pro rata (Shouqianba returns fees pro rata). Computed on cumulative amounts
 * and rounded down, so partial refunds never return more than their share and a series of refunds that
 * ends in a full refund returns exactly the whole fee.
 */
export function feeRefundFor(
  chargeAmount: number,
  chargeFee: number,
  refundedBefore: number,
  refundAmount: number,
): number {
  requireAmount('chargeAmount', chargeAmount, 1);
  requireAmount('chargeFee', chargeFee, 0);
  requireAmount('refundedBefore', refundedBefore, 0);
  requireAmount('refundAmount', refundAmount, 0);
  if (refundedBefore + refundAmount > chargeAmount) {
    throw new RangeError(`refunds ${refundedBefore} + ${refundAmount} exceed the charge ${chargeAmount}`);
  }
  const share = (refunded: number) => (BigInt(chargeFee) * BigInt(refunded)) / BigInt(chargeAmount);
  return Number(share(refundedBefore + refundAmount) - share(refundedBefore));
}

/** Every amount is a safe integer and the postings sum to zero in each currency. */
export function isBalanced(postings: readonly Posting[]): boolean {
  const sums = new Map<Currency, bigint>();
  for (const posting of postings) {
    if (!Number.isSafeInteger(posting.amount)) return false;
    sums.set(posting.currency, (sums.get(posting.currency) ?? 0n) + BigInt(posting.amount));
  }
  return [...sums.values()].every((sum) => sum === 0n);
}

/** Net signed amount per account, for one currency. */
export function netByAccount(postings: readonly Posting[], currency: Currency): Map<string, number> {
  const net = new Map<string, number>();
  for (const posting of postings) {
    if (posting.currency === currency)
      net.set(posting.account, (net.get(posting.account) ?? 0) + posting.amount);
  }
  return net;
}

function build(currency: Currency, lines: readonly (readonly [LedgerAccount, number])[]): Posting[] {
  // Zero lines carry no information and would only bloat the journal.
  return lines
    .filter(([, amount]) => amount !== 0)
    .map(([account, amount]) => ({ account, amount, currency }));
}

function requireAmount(name: string, value: number, min: 0 | 1): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min} of minor units, got ${value}`);
  }
}
