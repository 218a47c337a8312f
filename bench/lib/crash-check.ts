/**
 * What bench/crash.ts checks once the last server has settled everything: the database and the answers
 * the clients got must tell the same story, and the money must add up.
 */
import type { Kysely } from 'kysely';
import { CHARGE_TRANSITIONS } from '../../src/domain/charge-state.js';
import { feeRefundFor, LEDGER_ACCOUNTS } from '../../src/domain/ledger-rules.js';
import { REFUND_TRANSITIONS } from '../../src/domain/refund-state.js';
import type { ChargeStatus, RefundStatus } from '../../src/domain/statuses.js';
import { DEFAULT_CHARGE_SETTINGS } from '../../src/services/charges/deps.js';
import type { Charge, ChargeFlow, Database, LedgerEntry, Refund } from '../../src/store/index.js';
import {
  type ChargeSpec,
  type CrashLoad,
  dataOf,
  errorCode,
  PAYS_IN_THE_END,
  type Sent,
} from './crash-load.js';

/** Failures by kind, each with a few lines of detail. */
export class Failures {
  readonly byKind = new Map<string, string[]>();

  add(kind: string, detail: string): void {
    const list = this.byKind.get(kind) ?? [];
    list.push(detail);
    this.byKind.set(kind, list);
  }

  get total(): number {
    let n = 0;
    for (const list of this.byKind.values()) n += list.length;
    return n;
  }
}

/** What the checks went through, for the report. */
export interface Checked {
  acknowledgedCharges: number;
  acknowledgedRefunds: number;
  finalRefusals: number;
  charges: number;
  refunds: number;
  flows: number;
  ledgerEntries: number;
  journals: number;
  reversals: number;
  apiReads: number;
  storedAnswers: number;
  replaysCompared: number;
}

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

const UNRESOLVED_CHARGE: ReadonlySet<string> = new Set([
  'CREATED',
  'PAY_ERROR',
  'CANCEL_INPROGRESS',
  'CANCEL_ERROR',
  'REFUND_ERROR',
]);
const PAID_FAMILY: ReadonlySet<string> = new Set(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED']);
/** Biz results by which the channel itself said the payment failed without a certain reversal (→ PAY_ERROR). */
const UNCERTAIN_FAILURE: ReadonlySet<string> = new Set(['PAY_FAIL_ERROR', 'PAY_FAIL_IN_PROGRESS']);
const BARCODE_DEADLINE_MS = DEFAULT_CHARGE_SETTINGS.deadlineMs.barcode;

/** The rows the checks read, all of them (a crash-test database is small). */
export interface Rows {
  readonly charges: Charge[];
  readonly refunds: Refund[];
  readonly flows: ChargeFlow[];
  readonly entries: LedgerEntry[];
  readonly balances: { merchant_id: string; account: string; currency: string; balance: number }[];
}

export async function readRows(db: Kysely<Database>): Promise<Rows> {
  return {
    charges: await db.selectFrom('charges').selectAll().execute(),
    refunds: await db.selectFrom('refunds').selectAll().orderBy('created_at').orderBy('id').execute(),
    flows: await db.selectFrom('charge_flows').selectAll().orderBy('created_at').orderBy('id').execute(),
    entries: await db.selectFrom('ledger_entries').selectAll().execute(),
    balances: await db
      .selectFrom('ledger_balances')
      .select(['merchant_id', 'account', 'currency', 'balance'])
      .execute(),
  };
}

/** Charges and refunds still waiting for the job runner. */
export async function unresolvedCounts(db: Kysely<Database>): Promise<{ charges: number; refunds: number }> {
  const charges = await db
    .selectFrom('charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', [...UNRESOLVED_CHARGE] as ChargeStatus[])
    .executeTakeFirstOrThrow();
  const refunds = await db
    .selectFrom('refunds')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['PENDING', 'REFUND_ERROR'])
    .where((eb) =>
      eb.or([eb('failure_code', 'is', null), eb('failure_code', '!=', 'refund_manual_intervention')]),
    )
    .executeTakeFirstOrThrow();
  return { charges: Number(charges.n), refunds: Number(refunds.n) };
}

const short = (body: string) => (body.length > 220 ? `${body.slice(0, 220)}…` : body);

function describe(sent: Sent): string {
  const spec = sent.spec;
  return spec.kind === 'charge'
    ? `charge ${spec.outTradeNo} (barcode …${spec.magic}, ${spec.amount}, key ${sent.key})`
    : `refund ${spec.refundNo} of ${spec.chargeId} (${spec.amount}, key ${sent.key})`;
}

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

function checkAnswers(
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

function checkDuplicates(load: CrashLoad, rows: Rows, failures: Failures): void {
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

function checkResolved(rows: Rows, failures: Failures): void {
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

function checkRefundSums(
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
function checkLedger(
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

/**
 * Every reversal the resolution job sent for a charge still CREATED must follow a query made at or after
 * the charge's deadline (resolve-jobs.ts): a payment confirmed meanwhile is kept. A charge the channel
 * itself left uncertain (PAY_ERROR by its own answer) is reversed at once.
 */
function checkReversals(
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
function checkOutcomes(load: CrashLoad, charges: readonly Charge[], failures: Failures): void {
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
