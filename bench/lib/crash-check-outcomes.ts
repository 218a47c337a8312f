/**
 * Crash checks of how charges and refunds ended: nothing left open, reversals only after the deadline's
 * query, and the sandbox's deterministic outcome per barcode.
 */
import { DEFAULT_CHARGE_SETTINGS } from '../../src/services/charges/deps.js';
import type { Charge, ChargeFlow } from '../../src/store/index.js';
import { type ChargeSpec, type CrashLoad, PAYS_IN_THE_END } from './crash-load.js';
import { PAID_FAMILY, type Rows, UNRESOLVED_CHARGE } from './crash-rows.js';
import type { Checked, Failures } from './crash-tally.js';

/** Biz results by which the channel itself said the payment failed without a certain reversal (→ PAY_ERROR). */
const UNCERTAIN_FAILURE: ReadonlySet<string> = new Set(['PAY_FAIL_ERROR', 'PAY_FAIL_IN_PROGRESS']);
const BARCODE_DEADLINE_MS = DEFAULT_CHARGE_SETTINGS.deadlineMs.barcode;

export function checkResolved(rows: Rows, failures: Failures): void {
  for (const charge of rows.charges) {
    if (UNRESOLVED_CHARGE.has(charge.status))
      failures.add('charge left unresolved', `${charge.id} ${charge.out_trade_no}: ${charge.status}`);
  }
  for (const refund of rows.refunds) {
    const open = refund.status === 'PENDING' || refund.status === 'REFUND_ERROR';
    if (open && refund.failure_code !== 'refund_manual_intervention')
      failures.add(
        'refund left unresolved',
        `${refund.id} ${refund.refund_no} (${refund.amount}): ${refund.status}`,
      );
  }
}

/**
 * Every reversal the resolution job sent for a charge still CREATED must follow a query made at or after
 * the charge's deadline (resolve-jobs.ts): a payment confirmed meanwhile is kept. A charge the channel
 * itself left uncertain (PAY_ERROR by its own answer) is reversed at once.
 */
export function checkReversals(
  charges: readonly Charge[],
  flowsByCharge: ReadonlyMap<string, ChargeFlow[]>,
  failures: Failures,
  checked: Checked,
): void {
  for (const charge of charges) {
    const flows = flowsByCharge.get(charge.id) ?? [];
    const first = flows.findIndex((f) => f.kind === 'cancel');
    if (first < 0) continue;
    checked.reversals += 1;
    const earlier = flows.slice(0, first);
    if (earlier.some((f) => f.biz_result !== null && UNCERTAIN_FAILURE.has(f.biz_result))) continue;
    const deadline = charge.created_at + BARCODE_DEADLINE_MS;
    if (!earlier.some((f) => f.kind === 'query' && f.created_at >= deadline)) {
      failures.add(
        'reversal without a query after the deadline',
        `${charge.id} ${charge.out_trade_no}: flows ${flows.map((f) => `${f.kind}@${f.created_at - charge.created_at}ms ${f.biz_result ?? f.status}`).join(', ')}`,
      );
    }
    if (flows.some((f) => f.biz_result === 'PAY_SUCCESS'))
      failures.add('confirmed payment reversed', `${charge.id} ${charge.out_trade_no} ${charge.status}`);
  }
}

/** The sandbox is deterministic per barcode: what it confirms must end paid, the rest must end reversed. */
export function checkOutcomes(load: CrashLoad, charges: readonly Charge[], failures: Failures): void {
  const specs = new Map<string, ChargeSpec>();
  for (const sent of load.sent) if (sent.spec.kind === 'charge') specs.set(sent.spec.outTradeNo, sent.spec);
  for (const charge of charges) {
    const spec = specs.get(charge.out_trade_no);
    if (!spec) {
      failures.add('charge nobody asked for', `${charge.id} ${charge.out_trade_no}`);
      continue;
    }
    const paid = PAYS_IN_THE_END.has(spec.magic);
    if (paid && !PAID_FAMILY.has(charge.status))
      failures.add(
        'payment the channel confirmed not kept',
        `${charge.id} (…${spec.magic}): ${charge.status} ${charge.failure_code ?? ''}`,
      );
    if (!paid && charge.status !== 'PAY_CANCELED')
      failures.add(
        'failed payment not ended PAY_CANCELED',
        `${charge.id} (…${spec.magic}): ${charge.status}`,
      );
  }
}
