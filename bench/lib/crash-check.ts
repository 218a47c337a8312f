/**
 * What bench/crash.ts checks once the last server has settled everything: the database and the answers
 * the clients got must tell the same story, and the money must add up. The checks themselves are in
 * crash-check-answers.ts, crash-check-money.ts and crash-check-outcomes.ts.
 */
import type { ChargeFlow, Refund } from '../../src/store/index.js';
import { checkAnswers, checkDuplicates } from './crash-check-answers.js';
import { checkLedger, checkRefundSums } from './crash-check-money.js';
import { checkOutcomes, checkResolved, checkReversals } from './crash-check-outcomes.js';
import type { CrashLoad } from './crash-load.js';
import type { Rows } from './crash-rows.js';
import { type Checked, Failures } from './crash-tally.js';

/**
 * Runs every check. `apiStatus` holds what the API answered (GET) for charges and refunds by id while the
 * last server ran; `replays` how many stored answers were sent again after the last restart.
 */
export function checkAll(
  load: CrashLoad,
  rows: Rows,
  apiStatus: ReadonlyMap<string, string>,
  replays: number,
): { failures: Failures; checked: Checked } {
  const failures = new Failures();
  const checked: Checked = {
    acknowledgedCharges: 0,
    acknowledgedRefunds: 0,
    finalRefusals: 0,
    charges: rows.charges.length,
    refunds: rows.refunds.length,
    flows: rows.flows.length,
    ledgerEntries: rows.entries.length,
    journals: 0,
    reversals: 0,
    apiReads: apiStatus.size,
    storedAnswers: 0,
    replaysCompared: replays,
  };
  const chargeById = new Map(rows.charges.map((c) => [c.id, c]));
  const refundById = new Map(rows.refunds.map((r) => [r.id, r]));
  const flowsByCharge = new Map<string, ChargeFlow[]>();
  for (const flow of rows.flows) {
    const list = flowsByCharge.get(flow.charge_id) ?? [];
    list.push(flow);
    flowsByCharge.set(flow.charge_id, list);
  }
  const refundsByCharge = new Map<string, Refund[]>();
  for (const refund of rows.refunds) {
    const list = refundsByCharge.get(refund.charge_id) ?? [];
    list.push(refund);
    refundsByCharge.set(refund.charge_id, list);
  }

  checkAnswers(load, chargeById, refundById, rows, failures, checked);
  checkDuplicates(load, rows, failures);
  checkResolved(rows, failures);
  checkRefundSums(rows.charges, refundsByCharge, failures);
  checkLedger(rows, refundsByCharge, failures, checked);
  checkReversals(rows.charges, flowsByCharge, failures, checked);
  checkOutcomes(load, rows.charges, failures);
  for (const [id, status] of apiStatus) {
    const row = chargeById.get(id) ?? refundById.get(id);
    if (!row) failures.add('API shows an object the database lacks', id);
    else if (row.status !== status)
      failures.add('API and database disagree', `${id}: API ${status}, database ${row.status}`);
  }
  return { failures, checked };
}
