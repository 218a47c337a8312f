/** Crash checks of the money: refunds against their charge, and the ledger against paid − fees − refunds. */
import { feeRefundFor, LEDGER_ACCOUNTS } from '../../src/domain/ledger-rules.js';
import type { Charge, Refund } from '../../src/store/index.js';
import { PAID_FAMILY, type Rows } from './crash-rows.js';
import type { Checked, Failures } from './crash-tally.js';

export function checkRefundSums(
  charges: readonly Charge[],
  refundsByCharge: ReadonlyMap<string, Refund[]>,
  failures: Failures,
): void {
  for (const charge of charges) {
    const refunds = refundsByCharge.get(charge.id) ?? [];
    const booked = refunds.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.amount, 0);
    const succeeded = refunds.filter((r) => r.status === 'SUCCEEDED').reduce((sum, r) => sum + r.amount, 0);
    if (booked > charge.amount)
      failures.add(
        'refunds above the paid amount',
        `${charge.id}: ${booked} refunded or reserved of ${charge.amount}`,
      );
    if (refunds.length > 0 && charge.paid_at === null)
      failures.add('refund of an unpaid charge', `${charge.id} ${charge.status}: ${refunds.length} refunds`);
    if (succeeded !== charge.amount_refunded)
      failures.add(
        'amount_refunded differs from its refunds',
        `${charge.id}: ${charge.amount_refunded} vs ${succeeded}`,
      );
    const expected =
      succeeded === 0 ? undefined : succeeded >= charge.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
    if (expected && PAID_FAMILY.has(charge.status) && charge.status !== expected)
      failures.add(
        'charge status differs from its refunds',
        `${charge.id}: ${charge.status}, refunded ${succeeded} of ${charge.amount}`,
      );
  }
}

/** Per merchant and currency: the ledger against paid − fees − refunds, and every journal balanced. */
export function checkLedger(
  rows: Rows,
  refundsByCharge: ReadonlyMap<string, Refund[]>,
  failures: Failures,
  checked: Checked,
): void {
  const { channelReceivable, pending, available, fees } = LEDGER_ACCOUNTS;
  type Sums = { receivable: number; fees: number; merchant: number };
  const zero = (): Sums => ({ receivable: 0, fees: 0, merchant: 0 });
  const expected = new Map<string, Sums>();
  for (const charge of rows.charges) {
    if (charge.paid_at === null || charge.status === 'CANCELED' || charge.status === 'VOIDED') continue;
    const key = `${charge.merchant_id} ${charge.currency}`;
    const sums = expected.get(key) ?? zero();
    sums.receivable += charge.amount;
    sums.fees -= charge.fee;
    sums.merchant -= charge.amount - charge.fee;
    // Refunds are booked when they are accepted (the money reserved) and given back if they fail; one
    // is open at a time, so each one's fee share follows the refunds before it.
    let before = 0;
    for (const refund of refundsByCharge.get(charge.id) ?? []) {
      if (refund.status === 'FAILED') continue;
      const feeBack = feeRefundFor(
        charge.amount,
        charge.fee,
        before,
        Math.min(refund.amount, charge.amount - before),
      );
      before += refund.amount;
      sums.receivable -= refund.amount;
      sums.fees += feeBack;
      sums.merchant += refund.amount - feeBack;
    }
    expected.set(key, sums);
  }
  const actual = new Map<string, Sums>();
  const journals = new Map<string, number>();
  const byAccount = new Map<string, number>();
  for (const entry of rows.entries) {
    const key = `${entry.merchant_id} ${entry.currency}`;
    const sums = actual.get(key) ?? zero();
    if (entry.account === channelReceivable) sums.receivable += entry.amount;
    else if (entry.account === fees) sums.fees += entry.amount;
    else if (entry.account === pending || entry.account === available) sums.merchant += entry.amount;
    else failures.add('ledger account unknown', `${entry.id}: ${entry.account}`);
    actual.set(key, sums);
    const journal = `${entry.journal_id} ${entry.currency}`;
    journals.set(journal, (journals.get(journal) ?? 0) + entry.amount);
    const account = `${entry.merchant_id} ${entry.account} ${entry.currency}`;
    byAccount.set(account, (byAccount.get(account) ?? 0) + entry.amount);
  }
  checked.journals = journals.size;
  for (const [journal, sum] of journals)
    if (sum !== 0) failures.add('journal not balanced', `${journal}: sums to ${sum}`);
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(key) ?? zero();
    const got = actual.get(key) ?? zero();
    if (want.receivable !== got.receivable || want.fees !== got.fees || want.merchant !== got.merchant) {
      failures.add(
        'ledger differs from paid − fees − refunds',
        `${key}: expected receivable ${want.receivable}, fees ${want.fees}, merchant ${want.merchant}; ledger ${got.receivable}, ${got.fees}, ${got.merchant}`,
      );
    }
    if (got.receivable + got.fees + got.merchant !== 0) failures.add('ledger not balanced', `${key}`);
  }
  const balances = new Map(
    rows.balances.map((b) => [`${b.merchant_id} ${b.account} ${b.currency}`, b.balance]),
  );
  for (const key of new Set([...balances.keys(), ...byAccount.keys()])) {
    if ((balances.get(key) ?? 0) !== (byAccount.get(key) ?? 0))
      failures.add(
        'balance differs from its entries',
        `${key}: balance ${balances.get(key)}, entries ${byAccount.get(key)}`,
      );
  }
}
