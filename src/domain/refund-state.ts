import { ok, type Result, refuse } from './refusal.js';
import { type BizResult, REFUND_STATUSES, type RefundStatus } from './statuses.js';

/**
 * A refund's own lifecycle. REFUND_ERROR is Shouqianba's "outcome unknown": not final, it is resolved by
 * query (or by a human) to SUCCEEDED or FAILED.
 */
export const REFUND_TRANSITIONS: Readonly<Record<RefundStatus, readonly RefundStatus[]>> = {
  PENDING: ['SUCCEEDED', 'FAILED', 'REFUND_ERROR'],
  REFUND_ERROR: ['SUCCEEDED', 'FAILED'],
  SUCCEEDED: [],
  FAILED: [],
};

export function isRefundStatus(value: unknown): value is RefundStatus {
  return typeof value === 'string' && (REFUND_STATUSES as readonly string[]).includes(value);
}

export function isFinalRefund(status: RefundStatus): boolean {
  return REFUND_TRANSITIONS[status].length === 0;
}

/** Same status again (a duplicate callback) is a no-op, accepted. */
export function assertRefundTransition(from: RefundStatus, to: RefundStatus): Result<RefundStatus> {
  if (from === to || REFUND_TRANSITIONS[from].includes(to)) return ok(to);
  return refuse('charge_unexpected_status', {
    en: `a refund cannot move from ${from} to ${to}`,
    zh: `退款状态不能从 ${from} 变为 ${to}`,
  });
}

/**
 * Upstream refund outcome → refund status. FAIL means the call was refused and nothing moved (e.g.
 * ACCOUNT_BALANCE_NOT_ENOUGH), so the refund is FAILED. With `from`, the move is checked too.
 */
export const REFUND_RESULT_STATUS: Readonly<Partial<Record<BizResult, RefundStatus>>> = {
  REFUND_SUCCESS: 'SUCCEEDED',
  REFUND_IN_PROGRESS: 'PENDING',
  REFUND_ERROR: 'REFUND_ERROR',
  FAIL: 'FAILED',
};

export function applyRefundResult(bizResult: BizResult, from?: RefundStatus): Result<RefundStatus> {
  const next = REFUND_RESULT_STATUS[bizResult];
  if (next === undefined)
    return refuse('charge_unexpected_status', {
      en: `${bizResult} is not a refund result`,
      zh: `${bizResult} 不是退款结果`,
    });
  return from === undefined ? ok(next) : assertRefundTransition(from, next);
}
