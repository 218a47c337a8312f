import type { Kysely } from 'kysely';
import { assertTransition } from '../../domain/charge-state.js';
import { feeFor, postingsForCancel, postingsForPaid } from '../../domain/ledger-rules.js';
import type { Currency } from '../../domain/money.js';
import type { ChargeStatus } from '../../domain/statuses.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { type JournalInput, postJournal } from '../../ledger/ledger.js';
import {
  addToDailyTotal,
  appModeOf,
  type Charge,
  type ChargeFlow,
  type ChargeUpdate,
  type DailyScope,
  type Database,
  dialectOf,
  type FlowResultWrite,
  flowsOf,
  merchantScopeId,
  type StatementPart,
  updateCharge,
} from '../../store/index.js';
import { type RecordEventInput, recordEvent } from '../events.js';
import type { ChargeDeps } from './deps.js';
import { withFlowResult, writeChargeMove } from './move-statement.js';
import { toChargeView } from './views.js';

const EVENT_BY_STATUS: Partial<Record<ChargeStatus, string>> = {
  PAID: 'charge.succeeded',
  PAY_CANCELED: 'charge.failed',
  PAY_ERROR: 'charge.reversal_pending',
  CANCELED: 'charge.canceled',
  CLOSED: 'charge.closed',
  VOIDED: 'charge.voided',
};

/** Ends in which no money was collected: the charge stops counting towards daily limits. */
const RELEASES_LIMITS: ReadonlySet<ChargeStatus> = new Set(['PAY_CANCELED', 'CANCELED', 'CLOSED', 'VOIDED']);

/** Takes a charge out of the daily totals it was counted in when it was created. */
async function releaseDailyLimits(trx: Kysely<Database>, charge: Charge): Promise<void> {
  const key = (scope: DailyScope, scopeId: string) => ({
    merchantId: charge.merchant_id,
    scope,
    scopeId,
    day: charge.limit_day!,
  });
  const mode = await appModeOf(trx, charge.app_id);
  await addToDailyTotal(trx, key('merchant', merchantScopeId(charge.merchant_id, mode)), -charge.amount);
  if (charge.store_id !== null) await addToDailyTotal(trx, key('store', charge.store_id), -charge.amount);
  // Only a barcode's buyer is known (and counted) when the charge is created.
  if (charge.buyer_id !== null && charge.sub_payway === 'barcode') {
    await addToDailyTotal(trx, key('buyer', charge.buyer_id), -charge.amount);
  }
}

/** The money a move books: the payment, or its reversal when a paid charge is canceled or voided. */
function journalOfMove(
  charge: Charge,
  to: ChargeStatus,
  update: ChargeUpdate,
  paying: boolean,
): Pick<JournalInput, 'postings' | 'refType'> | undefined {
  const currency = charge.currency as Currency;
  if (paying) return { postings: postingsForPaid(charge.amount, update.fee!, currency), refType: 'charge' };
  if ((to === 'CANCELED' || to === 'VOIDED') && charge.paid_at !== null) {
    return {
      postings: postingsForCancel(charge.amount, charge.fee, currency),
      refType: to === 'CANCELED' ? 'charge_cancel' : 'charge_void',
    };
  }
  return undefined;
}

/**
 * The one way a charge changes status: checks the transition against the state machine, books the
 * money (payment, or its reversal) and records the event, all in the caller's transaction.
 */
export async function moveCharge(
  trx: Kysely<Database>,
  deps: ChargeDeps,
  charge: Charge,
  to: ChargeStatus,
  changes: ChargeUpdate = {},
  options: MoveOptions = {},
): Promise<Charge> {
  const { seen } = options;
  const now = deps.clock.now();
  const allowed = assertTransition(charge.status, to);
  if (!allowed.ok) {
    throw new PolypayError('charge_unexpected_status', {
      message: `charge ${charge.id} cannot go from ${charge.status} to ${to}: ${allowed.message}`,
      messageZh: `订单 ${charge.id} 不能从 ${charge.status} 变为 ${to}：${allowed.messageZh ?? allowed.message}`,
    });
  }
  const update: ChargeUpdate = { ...changes, status: to, updated_at: now };
  const paying = to === 'PAID' && charge.paid_at === null;
  if (paying) {
    update.paid_at = now;
    update.fee = feeFor(charge.amount, deps.settings.feeBps);
  }
  const releasing = RELEASES_LIMITS.has(to) && charge.limit_day !== null;
  if (releasing) update.limit_day = null;
  if (to === 'CANCELED') update.canceled_at = now;
  if (to === 'CLOSED') update.closed_at = now;
  if (to === 'VOIDED') update.voided_at = now;
  const next = { ...charge, ...update, version: charge.version + 1 } as Charge;
  const expectedVersion = options.expectVersion ? charge.version : undefined;
  const type = to !== charge.status ? EVENT_BY_STATUS[to] : undefined;
  const journal = journalOfMove(charge, to, update, paying);
  const oneStatement = (type || journal) && dialectOf(trx) === 'postgres';
  // Checked before anything is written: a standalone unit commits each statement as it goes.
  if ((options.standalone || options.joinStatement) && (!oneStatement || releasing)) {
    throw new Error(`a standalone move must be one PostgreSQL statement (${charge.status} → ${to})`);
  }
  if (oneStatement) {
    // One round trip for all of it. The event is built before the statement, from the flows as the
    // channel answer leaves them.
    let event: RecordEventInput | undefined;
    if (type) {
      const flows = seen?.known ?? withFlowResult(await flowsOf(trx, charge.id), options.flowResult);
      if (seen) seen.flows = flows;
      event = chargeEvent(deps, next, type, flows);
    }
    const joined = await options.joinStatement?.(next, seen?.flows);
    await writeChargeMove(trx, {
      chargeId: charge.id,
      update,
      expectedVersion,
      flowResult: options.flowResult,
      standalone: options.standalone,
      joined,
      event,
      journal: journal && {
        ...journal,
        merchantId: charge.merchant_id,
        mode: await appModeOf(trx, charge.app_id),
        refId: charge.id,
        now,
      },
    });
  } else {
    await updateCharge(trx, charge.id, update, expectedVersion, options.flowResult);
    if (type) await emitChargeEvent(trx, deps, next, type, seen);
    // Merchant-wide rows (balances, daily totals) last, as in the combined statement.
    if (journal) {
      await postJournal(trx, {
        ...journal,
        merchantId: charge.merchant_id,
        mode: await appModeOf(trx, charge.app_id),
        refId: charge.id,
        now,
      });
    }
  }
  // Daily totals after the move's statement: on PostgreSQL their row locks are then held only until the
  // COMMIT that follows, so that one merchant's charges do not queue behind each other.
  if (releasing) await releaseDailyLimits(trx, charge);
  return next;
}

export interface MoveOptions {
  /** Collects what the transaction read (flows), for the answer. */
  readonly seen?: SeenInTransaction;
  /**
   * The charge was not locked: update it only at its version (StaleChargeError otherwise), for a
   * caller that knows the charge because it just wrote it.
   */
  readonly expectVersion?: boolean;
  /** A channel's answer to record with the charge's update (one statement on PostgreSQL). */
  readonly flowResult?: FlowResultWrite;
  /**
   * PostgreSQL: the move is the unit's only write, run without BEGIN/COMMIT (ChargeMoveWrites.standalone).
   * Only for a move that is one statement: a payment with its event and journal, nothing released.
   */
  readonly standalone?: boolean;
  /**
   * PostgreSQL: one more write for the move's one statement, given the charge as the move leaves it and
   * the flows its event was built from (the request's stored answer). Only for a one-statement move.
   */
  readonly joinStatement?: (
    next: Charge,
    flows: ChargeFlow[] | undefined,
  ) => Promise<StatementPart | undefined>;
}

/** What a transaction read on its way, so that the request need not read it again after the commit. */
export interface SeenInTransaction {
  flows?: ChargeFlow[];
  /**
   * The charge's flows as the caller knows them without reading (it wrote them in this request and the
   * charge is updated at its version): the event is built from them instead of a read.
   */
  known?: ChargeFlow[];
}

export async function emitChargeEvent(
  trx: Kysely<Database>,
  deps: ChargeDeps,
  charge: Charge,
  type: string,
  seen?: SeenInTransaction,
): Promise<void> {
  const flows = seen?.known ?? (await flowsOf(trx, charge.id));
  if (seen) seen.flows = flows;
  await recordEvent(trx, chargeEvent(deps, charge, type, flows));
}

/** The event of a charge's change, its object the charge as the API shows it (with its flows). */
export function chargeEvent(
  deps: ChargeDeps,
  charge: Charge,
  type: string,
  flows: readonly ChargeFlow[],
): RecordEventInput {
  return {
    merchantId: charge.merchant_id,
    appId: charge.app_id,
    type,
    objectId: charge.id,
    object: toChargeView(charge, flows, charge.channel !== 'sandbox'),
    now: deps.clock.now(),
  };
}
