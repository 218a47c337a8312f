import { DEFAULT_TIME_ZONE, daysBetween, isSameLocalDay, localDate } from './calendar.js';
import type { Currency } from './money.js';
import { checkPositiveAmount } from './money.js';
import { ok, type Result, refuse } from './refusal.js';
import { type BizResult, CHARGE_STATUSES, type ChargeStatus, FINAL_PAYMENT_STATUSES } from './statuses.js';

/**
 * The charge state machine (Shouqianba's order_status, plus CLOSED and VOIDED) as pure functions. Services
 * load a snapshot, ask `canX` before calling the channel, and map the channel's answer with `applyXResult`;
 * every status change goes through `assertTransition`.
 */

export const SUB_PAYWAYS = ['barcode', 'qrcode', 'wap'] as const;
export type SubPayway = (typeof SUB_PAYWAYS)[number];

export interface ChargeSnapshot {
  readonly status: ChargeStatus;
  /** Minor units of `currency`. */
  readonly amount: number;
  /** Sum of succeeded refunds, minor units. */
  readonly amountRefunded: number;
  readonly currency: Currency;
  readonly subPayway: SubPayway;
  /** Epoch ms; the charge's business day (for cancel and close) is this instant's local date. */
  readonly createdAt: number;
  /** Epoch ms of the channel's payment confirmation; refund windows and void days count from it. */
  readonly paidAt?: number;
  /** Funds moved from pending to available by settlement. */
  readonly settled: boolean;
  /** A cancel (reversal) was already attempted once; Shouqianba allows one per order. */
  readonly canceledOnce?: boolean;
  /** Any refund was ever requested that did not end FAILED (pending, succeeded or uncertain). */
  readonly hasRefund: boolean;
  /** A refund of this charge is in flight (PENDING or REFUND_ERROR). */
  readonly hasPendingRefund: boolean;
}

/**
 * Allowed moves. Re-applying the current status (duplicate callback, repeated query, another partial
 * refund) is a no-op that `assertTransition` accepts, so self-moves are not listed.
 * - PAY_ERROR never reaches PAID: Shouqianba treats such payments as failed and reverses them itself.
 * - CANCEL_INPROGRESS/CANCEL_ERROR may resolve to PAID or PAY_CANCELED when the query shows the reversal
 *   did not happen (e.g. promotion orders that cannot be reversed) or the payment had failed anyway.
 * - REFUND_ERROR resolves back to PAID/PARTIAL_REFUNDED (refund failed) or onwards (refund succeeded).
 * - A late PAY_SUCCESS on a CLOSED charge is refused: the service must reverse that payment, not revive it.
 */
export const CHARGE_TRANSITIONS: Readonly<Record<ChargeStatus, readonly ChargeStatus[]>> = {
  CREATED: ['PAID', 'PAY_CANCELED', 'PAY_ERROR', 'CANCEL_INPROGRESS', 'CANCELED', 'CANCEL_ERROR', 'CLOSED'],
  PAID: [
    'PARTIAL_REFUNDED',
    'REFUNDED',
    'REFUND_ERROR',
    'CANCEL_INPROGRESS',
    'CANCELED',
    'CANCEL_ERROR',
    'VOIDED',
  ],
  PAY_CANCELED: [],
  PAY_ERROR: ['PAY_CANCELED', 'CANCEL_INPROGRESS', 'CANCELED', 'CANCEL_ERROR'],
  REFUNDED: [],
  PARTIAL_REFUNDED: ['REFUNDED', 'REFUND_ERROR'],
  REFUND_ERROR: ['PAID', 'PARTIAL_REFUNDED', 'REFUNDED'],
  CANCELED: [],
  CANCEL_ERROR: ['CANCELED', 'PAID', 'PAY_CANCELED'],
  CANCEL_INPROGRESS: ['CANCELED', 'CANCEL_ERROR', 'PAID', 'PAY_CANCELED'],
  CLOSED: [],
  VOIDED: [],
};

export function isChargeStatus(value: unknown): value is ChargeStatus {
  return typeof value === 'string' && (CHARGE_STATUSES as readonly string[]).includes(value);
}

export function assertTransition(from: ChargeStatus, to: ChargeStatus): Result<ChargeStatus> {
  if (from === to || CHARGE_TRANSITIONS[from].includes(to)) return ok(to);
  return refuse('charge_unexpected_status', {
    en: `a charge cannot move from ${from} to ${to}`,
    zh: `订单状态不能从 ${from} 变为 ${to}`,
  });
}

/** Final for the payment step (Shouqianba's list, plus CLOSED/VOIDED); PAID may still be refunded. */
export function isFinal(status: ChargeStatus): boolean {
  return FINAL_PAYMENT_STATUSES.includes(status);
}

/** Nothing can ever happen to the charge again. */
export function isTerminal(status: ChargeStatus): boolean {
  return CHARGE_TRANSITIONS[status].length === 0;
}

/** Uncertain outcome: resolved by query, then reversal, or by a human (Shouqianba's *_ERROR rule). */
export function isInDoubt(status: ChargeStatus): boolean {
  return (
    status === 'PAY_ERROR' ||
    status === 'CANCEL_INPROGRESS' ||
    status === 'CANCEL_ERROR' ||
    status === 'REFUND_ERROR'
  );
}

export interface CancelPlan {
  readonly target: 'CANCELED';
  /** `abort` stops a payment still in progress; `reverse` refunds a paid one in full, fee included. */
  readonly kind: 'abort' | 'reverse';
  readonly expectedResult: 'CANCEL_ABORT_SUCCESS' | 'CANCEL_SUCCESS';
}

/**
 * 撤单 / reversal, Shouqianba's rules: only on the charge's own local day, only once, only in full, and
 * never after any refund. An in-progress (or uncertain) payment is aborted; a paid one is reversed.
 */
export function canCancel(
  charge: ChargeSnapshot,
  now: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Result<CancelPlan> {
  const { status } = charge;
  switch (status) {
    case 'CANCELED':
      return refuse('cancel_already_done', { en: 'the charge is already canceled', zh: '订单已撤单' });
    case 'CLOSED':
    case 'VOIDED':
      return refuse('charge_closed', {
        en: `the charge is ${status.toLowerCase()}`,
        zh: `订单状态为 ${status}`,
      });
    case 'CANCEL_INPROGRESS':
      return refuse('cancel_not_allowed', {
        en: 'a cancel of this charge is already in progress; query the charge',
        zh: '该订单的撤单正在进行中，请查询订单',
      });
    case 'CANCEL_ERROR':
      return refuse('cancel_not_allowed', {
        en: 'an earlier cancel has an uncertain outcome; the channel will settle it',
        zh: '此前的撤单结果未定，将由渠道确定',
      });
    case 'PAY_CANCELED':
      return refuse('cancel_not_allowed', {
        en: 'the payment failed and was already reversed',
        zh: '支付失败，且已冲正',
      });
    case 'REFUNDED':
    case 'PARTIAL_REFUNDED':
    case 'REFUND_ERROR':
      return refuse('cancel_not_allowed', {
        en: 'a charge with a refund cannot be canceled; refund it instead',
        zh: '已有退款的订单不能撤单，请改为退款',
      });
    case 'CREATED':
    case 'PAY_ERROR':
    case 'PAID': {
      if (status === 'PAID' && (charge.hasRefund || charge.hasPendingRefund || charge.amountRefunded > 0)) {
        return refuse('cancel_not_allowed', {
          en: 'a charge with a refund cannot be canceled; refund it instead',
          zh: '已有退款的订单不能撤单，请改为退款',
        });
      }
      if (charge.canceledOnce)
        return refuse('cancel_not_allowed', {
          en: 'a charge can be canceled only once',
          zh: '订单只能撤单一次',
        });
      if (!isSameLocalDay(charge.createdAt, now, timeZone)) {
        return refuse('cancel_not_allowed', {
          en: 'a charge can be canceled only on the day it was created; refund it instead',
          zh: '订单只能在创建当天撤单，请改为退款',
        });
      }
      return ok(
        status === 'PAID'
          ? { target: 'CANCELED', kind: 'reverse', expectedResult: 'CANCEL_SUCCESS' }
          : { target: 'CANCELED', kind: 'abort', expectedResult: 'CANCEL_ABORT_SUCCESS' },
      );
    }
  }
}

/** Close an unpaid charge (the buyer will not pay it), on its own local day. */
export function canClose(
  charge: ChargeSnapshot,
  now: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Result<{ readonly target: 'CLOSED' }> {
  const { status } = charge;
  switch (status) {
    case 'CREATED':
      if (!isSameLocalDay(charge.createdAt, now, timeZone)) {
        return refuse('close_not_same_day', {
          en: 'a charge can be closed only on the day it was created',
          zh: '订单只能在创建当天关闭',
        });
      }
      return ok({ target: 'CLOSED' });
    case 'PAID':
    case 'PARTIAL_REFUNDED':
    case 'REFUND_ERROR':
      return refuse('close_refused_paid', {
        en: 'a paid charge cannot be closed; cancel or refund it',
        zh: '已支付的订单不能关闭，请撤单或退款',
      });
    case 'PAY_ERROR':
    case 'CANCEL_INPROGRESS':
    case 'CANCEL_ERROR':
      // Closing would hide money that may have moved; the reversal path settles these.
      return refuse('charge_unexpected_status', {
        en: `the charge's outcome is uncertain (${status}); query it or cancel it`,
        zh: `订单结果未定（${status}），请查询或撤单`,
      });
    case 'PAY_CANCELED':
    case 'REFUNDED':
    case 'CANCELED':
    case 'CLOSED':
    case 'VOIDED':
      return refuse('charge_closed', {
        en: `the charge is already final (${status})`,
        zh: `订单已是终态（${status}）`,
      });
  }
}

/** Void (PayCools' reverse): a paid, unrefunded charge, on its payment's local day, before settlement. */
export function canVoid(
  charge: ChargeSnapshot,
  now: number,
  timeZone: string = DEFAULT_TIME_ZONE,
): Result<{ readonly target: 'VOIDED' }> {
  if (charge.status === 'VOIDED')
    return refuse('void_already_done', { en: 'the charge is already voided', zh: '订单已撤销' });
  if (charge.status === 'CLOSED')
    return refuse('charge_closed', { en: 'the charge is closed', zh: '订单已关闭' });
  if (charge.status !== 'PAID')
    return refuse('void_not_success', {
      en: `only a paid charge can be voided (${charge.status})`,
      zh: `只有已支付的订单可以撤销（当前 ${charge.status}）`,
    });
  if (charge.hasRefund || charge.hasPendingRefund || charge.amountRefunded > 0) {
    return refuse('void_not_success', {
      en: 'a charge with a refund cannot be voided; refund it instead',
      zh: '已有退款的订单不能撤销，请改为退款',
    });
  }
  if (charge.settled)
    return refuse('void_settled', {
      en: 'the charge is already settled; refund it instead',
      zh: '订单已结算，请改为退款',
    });
  if (!isSameLocalDay(charge.paidAt ?? charge.createdAt, now, timeZone)) {
    return refuse('void_not_same_day', {
      en: 'a charge can be voided only on the day it was paid; refund it instead',
      zh: '订单只能在支付当天撤销，请改为退款',
    });
  }
  return ok({ target: 'VOIDED' });
}

export interface RefundPolicy {
  /** Last local day a refund is accepted, counted in calendar days from the payment's local date. */
  readonly windowDays: number;
  readonly allowPartial: boolean;
  readonly allowFull: boolean;
}

/** PayCools' 60 days (Shouqianba allows ~3 months; a channel config can widen it). */
export const DEFAULT_REFUND_POLICY: RefundPolicy = { windowDays: 60, allowPartial: true, allowFull: true };

export interface RefundPlan {
  /** What could be refunded before this refund. */
  readonly refundable: number;
  /** Refunds the whole charge in one go (what "full refund" means to the channels). */
  readonly full: boolean;
  readonly statusOnSuccess: 'PARTIAL_REFUNDED' | 'REFUNDED';
}

export function canRefund(
  charge: ChargeSnapshot,
  amount: number,
  now: number,
  timeZone: string = DEFAULT_TIME_ZONE,
  policy: Partial<RefundPolicy> = {},
): Result<RefundPlan> {
  const { windowDays, allowPartial, allowFull } = { ...DEFAULT_REFUND_POLICY, ...policy };
  const shape = checkPositiveAmount(amount);
  if (!shape.ok) return shape;
  switch (charge.status) {
    case 'PAID':
    case 'PARTIAL_REFUNDED':
      break;
    case 'CLOSED':
    case 'VOIDED':
      return refuse('charge_closed', {
        en: `the charge is ${charge.status.toLowerCase()}`,
        zh: `订单状态为 ${charge.status}`,
      });
    case 'REFUND_ERROR':
      return refuse('refund_pending_exists', {
        en: 'the outcome of an earlier refund of this charge is not yet known',
        zh: '该订单此前的一笔退款结果尚未确定',
      });
    default:
      return refuse('refund_not_allowed', {
        en: `a charge in status ${charge.status} cannot be refunded`,
        zh: `状态为 ${charge.status} 的订单不能退款`,
      });
  }
  if (charge.hasPendingRefund) {
    return refuse('refund_pending_exists', {
      en: 'another refund of this charge is still pending',
      zh: '该订单另有一笔退款仍在处理中',
    });
  }
  const paidDate = localDate(charge.paidAt ?? charge.createdAt, timeZone);
  if (daysBetween(paidDate, localDate(now, timeZone)) > windowDays) {
    return refuse('refund_window_expired', {
      en: `refunds are accepted up to ${windowDays} days after payment`,
      zh: `仅在支付后 ${windowDays} 天内可以退款`,
    });
  }
  const refundable = charge.amount - charge.amountRefunded;
  if (amount > refundable) {
    return refuse(
      'refund_amount_exceeded',
      {
        en: `at most ${refundable} minor units can still be refunded`,
        zh: `最多还可退款 ${refundable}（最小货币单位）`,
      },
      'amount',
    );
  }
  const full = amount === charge.amount;
  if (full && !allowFull)
    return refuse('full_refund_not_supported', {
      en: 'this channel does not support full refunds',
      zh: '该渠道不支持全额退款',
    });
  if (!full && !allowPartial) {
    return refuse(
      'partial_refund_not_supported',
      { en: 'this channel supports only full refunds', zh: '该渠道仅支持全额退款' },
      'amount',
    );
  }
  return ok({
    refundable,
    full,
    statusOnSuccess: statusAfterRefund(charge.amount, charge.amountRefunded + amount),
  });
}

/** Status once `amountRefunded` (cumulative, succeeded, > 0) of `amount` has been refunded. */
export function statusAfterRefund(amount: number, amountRefunded: number): 'PARTIAL_REFUNDED' | 'REFUNDED' {
  return amountRefunded >= amount ? 'REFUNDED' : 'PARTIAL_REFUNDED';
}

/** Outcome of a pay or precreate call (or of a query that reports one) → the charge's status. */
export const PAY_RESULT_STATUS: Readonly<Partial<Record<BizResult, ChargeStatus>>> = {
  PAY_SUCCESS: 'PAID',
  PAY_FAIL: 'PAY_CANCELED', // failed and already reversed: the order is dead
  PAY_IN_PROGRESS: 'CREATED',
  PAY_FAIL_ERROR: 'PAY_ERROR',
  PAY_FAIL_IN_PROGRESS: 'PAY_ERROR',
  PRECREATE_SUCCESS: 'CREATED',
  PRECREATE_FAIL: 'PAY_CANCELED',
  PRECREATE_FAIL_ERROR: 'PAY_ERROR',
  PRECREATE_FAIL_IN_PROGRESS: 'PAY_ERROR',
};

/**
 * Outcome of a cancel → the charge's status. CANCEL_ABORT_SUCCESS (an in-progress payment stopped) gives
 * CANCELED, not PAY_CANCELED: that is what Shouqianba's order_status reports for a cancel of a CREATED order,
 * and it keeps "the merchant reversed it" apart from "the buyer's payment failed", which is what
 * PAY_CANCELED means everywhere else.
 */
export const CANCEL_RESULT_STATUS: Readonly<Partial<Record<BizResult, ChargeStatus>>> = {
  CANCEL_SUCCESS: 'CANCELED',
  CANCEL_ABORT_SUCCESS: 'CANCELED',
  CANCEL_IN_PROGRESS: 'CANCEL_INPROGRESS',
  CANCEL_ABORT_IN_PROGRESS: 'CANCEL_INPROGRESS',
  CANCEL_ERROR: 'CANCEL_ERROR',
  CANCEL_ABORT_ERROR: 'CANCEL_ERROR',
};

// Generic SUCCESS/FAIL are deliberately absent: for a query the truth is data.order_status, which the
// service passes to assertTransition directly.
export function applyPayResult(status: ChargeStatus, bizResult: BizResult): Result<ChargeStatus> {
  return applyFrom(PAY_RESULT_STATUS, 'pay', status, bizResult);
}

export function applyCancelResult(status: ChargeStatus, bizResult: BizResult): Result<ChargeStatus> {
  return applyFrom(CANCEL_RESULT_STATUS, 'cancel', status, bizResult);
}

/**
 * Outcome of a refund call → the charge's status. `amountRefunded` is the cumulative succeeded amount,
 * including this refund when it succeeded. In progress leaves the charge alone (the refund is PENDING);
 * FAIL (nothing happened) restores a REFUND_ERROR charge to what its succeeded refunds say.
 */
export function applyRefundResultToCharge(
  status: ChargeStatus,
  bizResult: BizResult,
  amount: number,
  amountRefunded: number,
): Result<ChargeStatus> {
  switch (bizResult) {
    case 'REFUND_SUCCESS':
      return assertTransition(status, statusAfterRefund(amount, amountRefunded));
    case 'REFUND_ERROR':
      return assertTransition(status, 'REFUND_ERROR');
    case 'REFUND_IN_PROGRESS':
      return assertTransition(status, status);
    case 'FAIL':
      if (status !== 'REFUND_ERROR') return assertTransition(status, status);
      return assertTransition(
        status,
        amountRefunded > 0 ? statusAfterRefund(amount, amountRefunded) : 'PAID',
      );
    default:
      return refuse('charge_unexpected_status', {
        en: `${bizResult} is not a refund result`,
        zh: `${bizResult} 不是退款结果`,
      });
  }
}

function applyFrom(
  table: Readonly<Partial<Record<BizResult, ChargeStatus>>>,
  operation: string,
  status: ChargeStatus,
  bizResult: BizResult,
): Result<ChargeStatus> {
  const next = table[bizResult];
  if (next === undefined)
    return refuse('charge_unexpected_status', {
      en: `${bizResult} is not a ${operation} result`,
      zh: `${bizResult} 不是 ${operation} 的结果`,
    });
  return assertTransition(status, next);
}
