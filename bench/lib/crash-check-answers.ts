/**
 * Crash checks of the answers: every acknowledged object exists as answered, refusals are final, replays
 * answer the same bytes, and no number names two objects (in the database or in the answers).
 */
import { CHARGE_TRANSITIONS } from '../../src/domain/charge-state.js';
import { REFUND_TRANSITIONS } from '../../src/domain/refund-state.js';
import type { ChargeStatus, RefundStatus } from '../../src/domain/statuses.js';
import type { Charge, Refund } from '../../src/store/index.js';
import { type CrashLoad, dataOf, errorCode, type Sent } from './crash-load.js';
import type { Rows } from './crash-rows.js';
import type { Checked, Failures } from './crash-tally.js';

/** Every status reachable from `from` (itself included) by the state machine's moves. */
function reachable<S extends string>(table: Readonly<Record<S, readonly S[]>>, from: S): Set<S> {
  const seen = new Set<S>([from]);
  const queue: S[] = [from];
  while (queue.length > 0) {
    for (const next of table[queue.shift()!] ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const short = (body: string) => (body.length > 220 ? `${body.slice(0, 220)}…` : body);

function describe(sent: Sent): string {
  const spec = sent.spec;
  return spec.kind === 'charge'
    ? `charge ${spec.outTradeNo} (barcode …${spec.magic}, ${spec.amount}, key ${sent.key})`
    : `refund ${spec.refundNo} of ${spec.chargeId} (${spec.amount}, key ${sent.key})`;
}

export function checkAnswers(
  load: CrashLoad,
  chargeById: ReadonlyMap<string, Charge>,
  refundById: ReadonlyMap<string, Refund>,
  rows: Rows,
  failures: Failures,
  checked: Checked,
): void {
  const chargeByNo = new Map(rows.charges.map((c) => [`${c.app_id}/${c.out_trade_no}`, c]));
  const refundByNo = new Map(rows.refunds.map((r) => [`${r.app_id}/${r.refund_no}`, r]));
  const appOf = (sent: Sent) => load.merchants[sent.spec.merchant]!.appId;
  for (const sent of load.sent) {
    if (sent.stored) checked.storedAnswers += 1;
    for (const answer of sent.answers) {
      if (answer.status >= 500)
        failures.add(
          '5xx answer',
          `round ${answer.round}: ${describe(sent)} → ${answer.status} ${short(answer.body)}`,
        );
    }
    for (const answer of sent.mismatches) {
      failures.add(
        'replay with the same key answered differently',
        `${describe(sent)}: first ${sent.stored?.status} ${short(sent.stored?.body ?? '')}; round ${answer.round} ${answer.status} ${short(answer.body)}`,
      );
    }
    if (!sent.stored) {
      failures.add(
        'request left without a final answer',
        `${describe(sent)}: ${sent.connectionErrors} cut off, answers ${sent.answers.map((a) => `${a.status} ${errorCode(a)}`).join(', ') || 'none'}`,
      );
    }
    // A refusal (402) of a charge: either before any charge was recorded (a daily or per-charge limit),
    // or its payment failed for good, and then it is a PAY_CANCELED charge.
    if (sent.spec.kind === 'charge' && sent.stored?.status === 402) {
      const code = errorCode(sent.stored);
      const row = chargeByNo.get(`${appOf(sent)}/${sent.spec.outTradeNo}`);
      checked.finalRefusals += 1;
      if (!row && !code.includes('limit'))
        failures.add('refused charge missing', `${describe(sent)}: answered ${code}, no row`);
      else if (row && row.status !== 'PAY_CANCELED')
        failures.add(
          'refused charge not PAY_CANCELED',
          `${describe(sent)}: answered ${code}, row ${row.status}`,
        );
    }
    // A refusal of a refund that was recorded (the channel refused it) is a FAILED refund.
    if (sent.spec.kind === 'refund' && sent.stored?.status === 402) {
      const row = refundByNo.get(`${appOf(sent)}/${sent.spec.refundNo}`);
      checked.finalRefusals += 1;
      if (row && row.status !== 'FAILED')
        failures.add(
          'refused refund not FAILED',
          `${describe(sent)}: answered ${errorCode(sent.stored)}, row ${row.status}`,
        );
    }
  }
  for (const { sent, answer } of load.acknowledged()) {
    const data = dataOf(answer);
    const id = typeof data?.id === 'string' ? data.id : undefined;
    const status = typeof data?.status === 'string' ? data.status : undefined;
    if (!id || !status) {
      failures.add('2xx answer without an object', `${describe(sent)}: ${short(answer.body)}`);
      continue;
    }
    if (sent.spec.kind === 'charge') {
      checked.acknowledgedCharges += 1;
      const row = chargeById.get(id);
      if (!row) {
        failures.add(
          'acknowledged charge missing',
          `${describe(sent)}: answered ${id} ${status} in round ${answer.round}`,
        );
        continue;
      }
      if (row.out_trade_no !== sent.spec.outTradeNo || row.amount !== sent.spec.amount)
        failures.add(
          'acknowledged charge differs',
          `${describe(sent)}: row ${row.out_trade_no} ${row.amount}`,
        );
      if (!reachable(CHARGE_TRANSITIONS, status as ChargeStatus).has(row.status))
        failures.add(
          'acknowledged charge in a state it cannot reach',
          `${describe(sent)}: answered ${status}, now ${row.status}`,
        );
    } else {
      checked.acknowledgedRefunds += 1;
      const row = refundById.get(id);
      if (!row) {
        failures.add(
          'acknowledged refund missing',
          `${describe(sent)}: answered ${id} ${status} in round ${answer.round}`,
        );
        continue;
      }
      if (
        row.refund_no !== sent.spec.refundNo ||
        row.amount !== sent.spec.amount ||
        row.charge_id !== sent.spec.chargeId
      )
        failures.add(
          'acknowledged refund differs',
          `${describe(sent)}: row ${row.refund_no} ${row.amount} of ${row.charge_id}`,
        );
      if (!reachable(REFUND_TRANSITIONS, status as RefundStatus).has(row.status))
        failures.add(
          'acknowledged refund in a state it cannot reach',
          `${describe(sent)}: answered ${status}, now ${row.status}`,
        );
    }
  }
}

export function checkDuplicates(load: CrashLoad, rows: Rows, failures: Failures): void {
  const count = (keys: string[]) => {
    const seen = new Map<string, number>();
    for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1);
  };
  for (const [key, n] of count(rows.charges.map((c) => `${c.app_id}/${c.out_trade_no}`)))
    failures.add('duplicate out_trade_no', `${key}: ${n} charges`);
  for (const [key, n] of count(rows.refunds.map((r) => `${r.app_id}/${r.refund_no}`)))
    failures.add('duplicate refund_no', `${key}: ${n} refunds`);
  // Answers too: every 2xx for one out_trade_no (or refund_no), whatever its key, names one object.
  const named = new Map<string, Set<string>>();
  for (const { sent, answer } of load.acknowledged()) {
    const id = dataOf(answer)?.id;
    if (typeof id !== 'string') continue;
    const spec = sent.spec;
    const key = spec.kind === 'charge' ? `charge ${spec.outTradeNo}` : `refund ${spec.refundNo}`;
    const ids = named.get(key) ?? new Set();
    ids.add(id);
    named.set(key, ids);
  }
  for (const [key, ids] of named)
    if (ids.size > 1) failures.add('one number answered as two objects', `${key}: ${[...ids].join(', ')}`);
}
