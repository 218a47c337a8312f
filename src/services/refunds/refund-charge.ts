import type { Kysely } from 'kysely';
import {
  type Channel,
  ChannelIoError,
  type ChannelOutcome,
  type ChannelRefund,
} from '../../channels/port.js';
import { canRefund } from '../../domain/charge-state.js';
import { newSortableId } from '../../domain/ids.js';
import {
  feeRefundFor,
  LEDGER_ACCOUNTS,
  postingsForRefund,
  postingsForSettlement,
  splitRefundFunding,
} from '../../domain/ledger-rules.js';
import type { Currency } from '../../domain/money.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { newJobRow } from '../../jobs/queue.js';
import {
  journalQueries,
  merchantBalanceForUpdate,
  postJournal,
  reverseJournal,
} from '../../ledger/ledger.js';
import {
  appModeOf,
  type Database,
  getRefundByNo,
  isUniqueViolation,
  lockCharge,
  type Refund,
  updateRefund,
} from '../../store/index.js';
import type { Caller } from '../caller.js';
import { lockedStateOf, refuseWhileOperationInFlight, requireCharge } from '../charges/charge-operations.js';
import { toChannelCharge } from '../charges/create-charge.js';
import { type ChargeDeps, REFUND_RESOLVE_JOB } from '../charges/deps.js';
import { callChannel, newFlow, recordFlowResult } from '../charges/flows.js';
import { moveCharge } from '../charges/move-charge.js';
import { failureOf } from '../charges/pay-outcome.js';
import { recordEvent } from '../events.js';
import { finalFailure } from '../final-failure.js';
import { type RequestWrites, withRequestWrites } from '../request-writes.js';
import { applyRefundSuccessAlone, type ReservedRefund, refundEvent } from './refund-statement.js';
import { writeReservation } from './reservation-writes.js';

export interface CreateRefundInput {
  readonly refund_no: string;
  readonly amount: number;
  readonly reason?: string;
}

export interface RefundResult {
  readonly refund: Refund;
  readonly failure?: PolypayError;
}

export function toChannelRefund(refund: Refund, refundedBefore: number): ChannelRefund {
  return {
    refundId: refund.id,
    refundNo: refund.refund_no,
    amount: refund.amount,
    refundedBefore,
    ...(refund.reason ? { reason: refund.reason } : {}),
    createdAt: refund.created_at,
  };
}

function replay(existing: Refund, chargeId: string, input: CreateRefundInput): RefundResult {
  if (existing.charge_id !== chargeId || existing.amount !== input.amount) {
    throw new PolypayError('refund_no_used', {
      param: 'refund_no',
      message: `refund_no ${input.refund_no} was already used for another refund; use a new one.`,
      messageZh: `refund_no ${input.refund_no} 已用于另一笔退款，请换一个新的`,
    });
  }
  if (existing.status === 'FAILED' && existing.failure_code) {
    return {
      refund: existing,
      failure: finalFailure({
        object: 'refund',
        id: existing.id,
        status: existing.status,
        failureCode: existing.failure_code,
        failureMessage: existing.failure_message,
      }),
    };
  }
  return { refund: existing };
}

async function emitRefundEvent(
  trx: Kysely<Database>,
  deps: ChargeDeps,
  refund: Refund,
  type: string,
): Promise<void> {
  await recordEvent(trx, refundEvent(refund, type, deps.clock.now()));
}

/**
 * Refunds a charge. The refund is checked and its money reserved in one transaction that holds the
 * charge (and, on PostgreSQL, the merchant's available balance): funded from the charge's unsettled
 * proceeds first, then from the available balance, refused when both fall short. Only then is the
 * channel called; a failure gives the reservation back.
 */
export async function refundCharge(
  deps: ChargeDeps,
  auth: Caller,
  chargeId: string,
  input: CreateRefundInput,
  options: { readonly requestWrites?: RequestWrites<RefundResult> } = {},
): Promise<RefundResult> {
  const writes = options.requestWrites;
  const found = await requireCharge(deps, auth, chargeId);
  // An earlier refund with this refund_no is found in the transaction, among the charge's refunds (or,
  // on another charge, by the unique violation of the insert): no read of it before.
  // Resolved before the transaction: resolving may read the database, which on SQLite (one connection)
  // would wait for the transaction to end.
  const channelOfCharge = await deps.channels.byName(found.channel ?? '');
  let reserved: Extract<Reservation, { kind: 'reserved' }>;
  // The request's own refusal (its nonce or idempotency key, joined to the reservation) is answered as
  // it is, never taken for a refund_no taken meanwhile.
  let refusedRequest: unknown;
  try {
    // SQLite: a unit of the group commit, which shares its commit with the requests of the moment.
    const outcome = await withRequestWrites(writes, () =>
      deps.store.write(async (trx) => {
        try {
          await writes?.join(trx);
        } catch (error) {
          refusedRequest = error;
          throw error;
        }
        return reserveRefund(trx, deps, auth, chargeId, input, channelOfCharge);
      }),
    );
    if (outcome.kind === 'replay') return replay(outcome.refund, chargeId, input);
    reserved = outcome;
  } catch (error) {
    if (error === refusedRequest) throw error;
    // Refused, or the refund_no taken meanwhile: a refund_no used before (on any charge of the app)
    // answers as a replay, as if it had been read first.
    if (!isUniqueViolation(error) && !(error instanceof PolypayError)) throw error;
    const winner = await getRefundByNo(deps.store.db, auth.appId, input.refund_no);
    if (!winner) throw error;
    return replay(winner, chargeId, input);
  }
  // A charge's channel never changes: the one resolved before the transaction.
  const channel = channelOfCharge;
  if (!channel)
    throw new PolypayError('internal_error', {
      message: `channel ${reserved.charge.channel} is not configured`,
      messageZh: `渠道 ${reserved.charge.channel} 未配置`,
    });
  const result = await callChannel(() =>
    channel.refund(
      toChannelCharge(reserved.charge),
      toChannelRefund(reserved.refund, reserved.refundedBefore),
    ),
  );
  if (deps.store.dialect === 'postgres' && refundVerdict(result) === 'succeeded') {
    // The request's answer joins the outcome's one statement; when that does not apply, the transaction
    // below applies the outcome and the onSend hook stores the answer after it.
    const alone = await withRequestWrites(writes, () =>
      applyRefundSuccessAlone(
        deps,
        reserved,
        result,
        writes && {
          part: (db, applied) => writes.answerStatement(db, applied),
          dropped: () => writes.settle(false),
        },
      ),
    );
    if (alone) return alone;
  }
  // The request's answer commits with the refund's outcome.
  return withRequestWrites(writes, () =>
    applyRefundResult(deps, reserved.refund.id, reserved.flowId, result, reserved.charge.id, writes?.answer),
  );
}

/** What the reservation found: the refund_no used before on this charge, or the refund it reserved. */
type Reservation =
  | { readonly kind: 'replay'; readonly refund: Refund }
  | (ReservedRefund & { readonly kind: 'reserved'; readonly refundedBefore: number });

/**
 * In the caller's transaction, on the locked charge: checks the refund, reserves its money (the charge's
 * unsettled proceeds first, then the available balance) and writes the refund, its journal, its flow and
 * its resolution job.
 */
async function reserveRefund(
  trx: Kysely<Database>,
  deps: ChargeDeps,
  auth: Caller,
  chargeId: string,
  input: CreateRefundInput,
  channelOfCharge: Channel | undefined,
): Promise<Reservation> {
  const now = deps.clock.now();
  const charge = (await lockCharge(trx, chargeId))!;
  const state = await lockedStateOf(trx, charge, now);
  const again = state.refunds.find((r) => r.refund_no === input.refund_no);
  if (again) return { kind: 'replay' as const, refund: again };
  const policy = channelOfCharge?.refundPolicy(charge.payway) ?? {};
  const plan = canRefund(state.snapshot, input.amount, now, auth.timeZone, policy);
  if (!plan.ok)
    throw new PolypayError(plan.code, {
      message: plan.message,
      messageZh: plan.messageZh,
      ...(plan.param ? { param: plan.param } : {}),
    });
  refuseWhileOperationInFlight(state);
  const currency = charge.currency as Currency;
  const earlier = state.refunds;
  const unsettled =
    charge.settled_at === null
      ? charge.amount -
        charge.fee -
        earlier.filter((r) => r.status !== 'FAILED').reduce((sum, r) => sum + r.funded_from_pending, 0)
      : 0;
  // The fee comes back pro rata, so a full refund of an unsettled charge needs no other funds.
  const feeRefunded = feeRefundFor(charge.amount, charge.fee, charge.amount_refunded, input.amount);
  const { fromPending, fromAvailable } = splitRefundFunding(input.amount, unsettled, feeRefunded);
  if (fromAvailable > 0) {
    const available = await merchantBalanceForUpdate(
      trx,
      charge.merchant_id,
      await appModeOf(trx, charge.app_id),
      LEDGER_ACCOUNTS.available,
      currency,
    );
    if (available < fromAvailable) {
      throw new PolypayError('merchant_balance_insufficient', {
        message: `The refund needs ${fromAvailable} from the available balance, which holds ${available}.`,
        messageZh: `本次退款需从可用余额扣除 ${fromAvailable}，可用余额仅有 ${available}`,
      });
    }
  }
  const refund: Refund = {
    id: newSortableId('re'),
    merchant_id: charge.merchant_id,
    app_id: charge.app_id,
    charge_id: charge.id,
    refund_no: input.refund_no,
    amount: input.amount,
    currency,
    status: 'PENDING',
    reason: input.reason ?? null,
    funded_from_pending: fromPending,
    funded_from_available: fromAvailable,
    failure_code: null,
    failure_message: null,
    created_at: now,
    updated_at: now,
    succeeded_at: null,
  };
  const journal = journalQueries(trx, {
    merchantId: charge.merchant_id,
    mode: await appModeOf(trx, charge.app_id),
    postings: postingsForRefund(input.amount, fromPending, fromAvailable, currency, feeRefunded),
    refType: 'refund',
    refId: refund.id,
    now,
  });
  const flow = newFlow(charge, 'refund', input.amount, now, refund.id);
  // The resolution job is the safety net: it settles the refund if this process dies mid-call.
  const job = newJobRow({
    merchantId: charge.merchant_id,
    kind: REFUND_RESOLVE_JOB,
    payload: { refundId: refund.id, flowId: flow.id },
    runAt: now + 5_000,
    now,
  });
  await writeReservation(trx, { refund, journal, flow, job });
  return {
    kind: 'reserved' as const,
    refund,
    charge,
    flowId: flow.id,
    jobId: job.id,
    refundedBefore: charge.amount_refunded,
  };
}

export type RefundVerdict = 'succeeded' | 'failed' | 'pending' | 'uncertain';

export function refundVerdict(result: ChannelOutcome | ChannelIoError): RefundVerdict {
  if (result instanceof ChannelIoError) return 'uncertain';
  switch (result.bizResult) {
    case 'REFUND_SUCCESS':
      return 'succeeded';
    case 'REFUND_IN_PROGRESS':
      return 'pending';
    case 'REFUND_ERROR':
      // Shouqianba: the refund failed AND the channel's state is unknown. The error it carries
      // (refund_pending) says so; the money may have left, so only a query may settle it.
      return 'uncertain';
    case 'SUCCESS':
      return result.orderStatus === 'REFUNDED' || result.orderStatus === 'PARTIAL_REFUNDED'
        ? 'succeeded'
        : 'pending';
    default:
      return 'failed';
  }
}

/**
 * Applies a refund answer: success books the refund on the charge; a definite failure returns the
 * reserved money; an unknown outcome leaves the refund pending (the charge REFUND_ERROR when the
 * channel said so) for the resolution job.
 */
export async function applyRefundResult(
  deps: ChargeDeps,
  refundId: string,
  flowId: string,
  result: ChannelOutcome | ChannelIoError,
  /** The refund's charge, when the caller knows it (spares a read). */
  knownChargeId?: string,
  /** More writes for the transaction, given its result (the request's stored answer). */
  inUnit?: (trx: Kysely<Database>, applied: RefundResult) => Promise<void>,
): Promise<RefundResult> {
  return deps.store.write(async (trx) => {
    const applied = await applyInTransaction(trx);
    await inUnit?.(trx, applied);
    return applied;
  });

  async function applyInTransaction(trx: Kysely<Database>): Promise<RefundResult> {
    const now = deps.clock.now();
    await recordFlowResult(trx, flowId, result, now);
    const chargeId =
      knownChargeId ??
      (
        await trx
          .selectFrom('refunds')
          .select('charge_id')
          .where('id', '=', refundId)
          .executeTakeFirstOrThrow()
      ).charge_id;
    // The charge first (it serialises every change of its refunds), then the refund as it is now.
    const charge = (await lockCharge(trx, chargeId))!;
    const refund = await trx
      .selectFrom('refunds')
      .selectAll()
      .where('id', '=', refundId)
      .executeTakeFirstOrThrow();
    if (refund.status === 'SUCCEEDED' || refund.status === 'FAILED') return { refund };
    const verdict = refundVerdict(result);
    if (verdict === 'succeeded') {
      const refunded = charge.amount_refunded + refund.amount;
      await moveCharge(trx, deps, charge, refunded >= charge.amount ? 'REFUNDED' : 'PARTIAL_REFUNDED', {
        amount_refunded: refunded,
      });
      const done: Refund = { ...refund, status: 'SUCCEEDED', succeeded_at: now, updated_at: now };
      await updateRefund(trx, refund.id, { status: 'SUCCEEDED', succeeded_at: now, updated_at: now });
      await emitRefundEvent(trx, deps, done, 'refund.succeeded');
      return { refund: done };
    }
    if (verdict === 'failed') {
      const failure = failureOf(result, 'refund_failed');
      await reverseJournal(trx, {
        merchantId: charge.merchant_id,
        refType: 'refund',
        refId: refund.id,
        reversalRefType: 'refund_reversal',
        now,
      });
      if (charge.settled_at !== null && refund.funded_from_pending > 0) {
        // The charge was settled while this refund was open: the part it had taken from pending comes
        // back as settled money (settlement will not look at this charge again).
        await postJournal(trx, {
          merchantId: charge.merchant_id,
          mode: await appModeOf(trx, charge.app_id),
          postings: postingsForSettlement(refund.funded_from_pending, charge.currency as Currency),
          refType: 'settlement',
          refId: charge.id,
          now,
        });
      }
      if (charge.status === 'REFUND_ERROR') {
        await moveCharge(trx, deps, charge, charge.amount_refunded > 0 ? 'PARTIAL_REFUNDED' : 'PAID');
      }
      const failed: Refund = {
        ...refund,
        status: 'FAILED',
        failure_code: failure.code,
        failure_message: failure.channelError?.message ?? null,
        updated_at: now,
      };
      await updateRefund(trx, refund.id, {
        status: 'FAILED',
        failure_code: failed.failure_code,
        failure_message: failed.failure_message,
        updated_at: now,
      });
      await emitRefundEvent(trx, deps, failed, 'refund.failed');
      return { refund: failed, failure };
    }
    if (verdict === 'uncertain' && charge.status !== 'REFUND_ERROR') {
      await moveCharge(trx, deps, charge, 'REFUND_ERROR');
      await updateRefund(trx, refund.id, { status: 'REFUND_ERROR', updated_at: now });
      const uncertain: Refund = { ...refund, status: 'REFUND_ERROR', updated_at: now };
      await emitRefundEvent(trx, deps, uncertain, 'refund.pending');
      return { refund: uncertain };
    }
    if (refund.created_at === refund.updated_at) await emitRefundEvent(trx, deps, refund, 'refund.pending');
    return { refund };
  }
}
