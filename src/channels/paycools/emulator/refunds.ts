import { signed } from '../sign.js';
import {
  ALNUM,
  type EngineCore,
  type Fields,
  findBy,
  newTransactionId,
  type OpResult,
  optStr,
  type PaycoolsNotification,
  type Refund,
  str,
} from './core.js';
import type { EmulatorMerchant } from './merchants.js';
import {
  COLLECTION_CHANNEL_RULES,
  DAY_MS,
  manila,
  manilaTime,
  REFUND_COMPLETE_AFTER_MS,
  REFUND_WINDOW_DAYS,
  settlementAt,
} from './rules.js';

/** Refunds of completed collections (pending, then complete) and same-day voids before settlement. */

export function refund(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const bad =
    str(f.mchRefundOrderId, 1, 32, ALNUM) ??
    str(f.originalTransactionId, 1, 64) ??
    optStr(f.refundReason, 200) ??
    optStr(f.refundCallbackUrl, 500);
  if (bad) return bad;
  if (!Number.isInteger(f.refundAmount)) return { code: 21002 };
  const same = [...e.refunds.values()].find(
    (r) => r.appId === m.appId && r.mchRefundOrderId === f.mchRefundOrderId,
  );
  if (same) return { code: same.status === 'PENDING' ? 21401 : 21407 };
  const original = e.collections.get(f.originalTransactionId as string);
  if (original === undefined || original.appId !== m.appId) return { code: 21006 };
  const rules = COLLECTION_CHANNEL_RULES[original.channelCode]!;
  if (!rules.refund) return { code: 21402 };
  if (original.status !== 'COMPLETE') return { code: 21408 };
  const now = e.clock.now();
  if (now - (original.completedAt ?? original.createdAt) > REFUND_WINDOW_DAYS * DAY_MS)
    return { code: 21403 };
  if (
    [...e.refunds.values()].some(
      (r) => r.originalTransactionId === original.transactionId && r.status === 'PENDING',
    )
  )
    return { code: 21409 };
  const amount = f.refundAmount as number;
  const refundable = original.amount - original.refunded;
  if (amount <= 0 || amount > refundable) return { code: 21406 };
  const full = original.refunded === 0 && amount === original.amount;
  if (full && !rules.fullRefund) return { code: 21404 };
  if (!full && !rules.partialRefund) return { code: 21405 };
  if (m.balance < amount) return { code: 21014 };
  m.balance -= amount;
  original.refunded += amount;
  const created: Refund = {
    appId: m.appId,
    refundTransactionId: newTransactionId(),
    mchRefundOrderId: f.mchRefundOrderId as string,
    originalTransactionId: original.transactionId,
    refundAmount: amount,
    ...(typeof f.refundReason === 'string' ? { refundReason: f.refundReason } : {}),
    ...(typeof f.refundCallbackUrl === 'string' ? { callbackUrl: f.refundCallbackUrl } : {}),
    createdAt: now,
    status: 'PENDING',
  };
  e.refunds.set(created.refundTransactionId, created);
  return { code: 10000, data: refundView(created) };
}

export function refundQuery(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const found = findBy(e.refunds, m.appId, f.refundTransactionId, 'mchRefundOrderId', f.mchRefundOrderId);
  if (found === 'bad') return { code: 21002 };
  if (found === undefined) return { code: 21006 };
  return { code: 10000, data: refundView(found) };
}

export function voidCollection(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const bad = str(f.mchVoidOrderId, 1, 32, ALNUM) ?? str(f.originalTransactionId, 1, 64);
  if (bad) return bad;
  if ([...e.collections.values()].some((c) => c.appId === m.appId && c.voidOrderId === f.mchVoidOrderId))
    return { code: 21505 };
  const original = e.collections.get(f.originalTransactionId as string);
  if (original === undefined || original.appId !== m.appId) return { code: 21006 };
  if (original.status === 'VOIDED') return { code: 21504 };
  if (original.status !== 'COMPLETE' || original.refunded > 0) return { code: 21500 };
  if (!COLLECTION_CHANNEL_RULES[original.channelCode]!.void) return { code: 21501 };
  const now = e.clock.now();
  const completedAt = original.completedAt ?? original.createdAt;
  if (manila(now).day !== manila(completedAt).day) return { code: 21503 };
  if (now >= settlementAt(completedAt)) return { code: 21502 };
  original.status = 'VOIDED';
  original.voidOrderId = f.mchVoidOrderId as string;
  m.balance -= original.amount;
  return {
    code: 10000,
    data: {
      mchVoidOrderId: original.voidOrderId,
      originalTransactionId: original.transactionId,
      voidAmount: original.amount,
      voidStatus: 'COMPLETE',
    },
  };
}

/** Pending refunds due now complete and call back. */
export function completeRefunds(e: EngineCore, now: number, out: PaycoolsNotification[]): void {
  for (const r of e.refunds.values()) {
    if (r.status === 'PENDING' && now >= r.createdAt + REFUND_COMPLETE_AFTER_MS) {
      r.status = 'COMPLETE';
      r.returnedAt = now;
      if (r.callbackUrl)
        out.push({
          url: r.callbackUrl,
          body: signed({ eventName: 'payment.refund.success', ...refundView(r) }, e.secretOf(r.appId)),
        });
    }
  }
}

function refundView(r: Refund): Fields {
  return {
    refundTransactionId: r.refundTransactionId,
    mchRefundOrderId: r.mchRefundOrderId,
    originalTransactionId: r.originalTransactionId,
    refundAmount: r.refundAmount,
    refundStatus: r.status,
    refundCreateTime: manilaTime(r.createdAt),
    ...(r.returnedAt === undefined ? {} : { refundReturnTime: manilaTime(r.returnedAt) }),
    ...(r.refundReason === undefined ? {} : { refundReason: r.refundReason }),
  };
}
