import { COLLECTION_MAX, COLLECTION_MIN, PAYCOOLS_COLLECTION_CHANNELS } from '../protocol.js';
import { signed } from '../sign.js';
import {
  ALNUM,
  type Collection,
  type EngineCore,
  type Fields,
  findBy,
  type HandleContext,
  newTransactionId,
  type OpResult,
  optStr,
  type PaycoolsNotification,
  str,
} from './core.js';
import type { EmulatorMerchant } from './merchants.js';
import { COLLECTION_EXPIRES_AFTER_MS, manilaTime, NOT_ENABLED_COLLECTION_CHANNELS } from './rules.js';

/** Collections: created by the merchant, completed or abandoned by the buyer on the checkout page, expiring. */

export function payment(e: EngineCore, f: Fields, m: EmulatorMerchant, ctx: HandleContext): OpResult {
  const bad =
    str(f.mchOrderId, 1, 32, ALNUM) ??
    optStr(f.notifyUrl, 500) ??
    optStr(f.redirectUrl, 500) ??
    optStr(f.remark, 100);
  if (bad) return bad;
  if (!Number.isInteger(f.amount)) return { code: 21002 };
  const channelCode = f.channelCode;
  if (typeof channelCode !== 'string') return { code: 21002 };
  if ((NOT_ENABLED_COLLECTION_CHANNELS as readonly string[]).includes(channelCode)) return { code: 21005 };
  if (!(PAYCOOLS_COLLECTION_CHANNELS as readonly string[]).includes(channelCode)) return { code: 21002 };
  const amount = f.amount as number;
  if (amount < COLLECTION_MIN || amount > COLLECTION_MAX) return { code: 21010 };
  if ([...e.collections.values()].some((c) => c.appId === m.appId && c.mchOrderId === f.mchOrderId))
    return { code: 21007 };
  const now = e.clock.now();
  const collection: Collection = {
    appId: m.appId,
    transactionId: newTransactionId(),
    mchOrderId: f.mchOrderId as string,
    amount,
    channelCode,
    ...(typeof f.notifyUrl === 'string' ? { notifyUrl: f.notifyUrl } : {}),
    ...(typeof f.remark === 'string' ? { remark: f.remark } : {}),
    createdAt: now,
    status: 'PENDING',
    refunded: 0,
  };
  e.collections.set(collection.transactionId, collection);
  return {
    code: 10000,
    data: {
      transactionId: collection.transactionId,
      mchOrderId: collection.mchOrderId,
      transactionAmount: amount,
      transactionStatus: 'PENDING',
      channelCode,
      redirectUrl: `${ctx.publicUrl}/checkout/${collection.transactionId}`,
      expiresTime: manilaTime(now + COLLECTION_EXPIRES_AFTER_MS),
      ...(channelCode === 'BANK_VA' ? { vaNumber: vaNumber(collection.transactionId) } : {}),
    },
  };
}

export function paymentQuery(e: EngineCore, f: Fields, m: EmulatorMerchant): OpResult {
  const collection = findBy(e.collections, m.appId, f.transactionId, 'mchOrderId', f.mchOrderId);
  if (collection === 'bad') return { code: 21002 };
  if (collection === undefined) return { code: 21006 };
  return { code: 10000, data: collectionView(collection) };
}

/** The buyer finishes (or abandons) the checkout page; false when the collection is not waiting for it. */
export function buyer(
  e: EngineCore,
  transactionId: string,
  result: 'paid' | 'failed',
  out: PaycoolsNotification[],
): boolean {
  const c = e.collections.get(transactionId);
  if (c === undefined || c.status !== 'PENDING') return false;
  const now = e.clock.now();
  if (result === 'paid') {
    c.status = 'COMPLETE';
    c.completedAt = now;
    e.merchants.get(c.appId)!.balance += c.amount;
  } else {
    c.status = 'FAILED';
  }
  const note = collectionNotification(e, c, now);
  if (note) out.push(note);
  return true;
}

/** Checkouts nobody finished in time fail. */
export function expireCollections(e: EngineCore, now: number, out: PaycoolsNotification[]): void {
  for (const c of e.collections.values()) {
    if (c.status === 'PENDING' && now >= c.createdAt + COLLECTION_EXPIRES_AFTER_MS) {
      c.status = 'FAILED';
      const note = collectionNotification(e, c, now);
      if (note) out.push(note);
    }
  }
}

function collectionNotification(e: EngineCore, c: Collection, now: number): PaycoolsNotification | undefined {
  if (c.notifyUrl === undefined) return undefined;
  // Bank transfers and virtual accounts only ever call back on success (reference §4).
  if (c.status === 'FAILED' && c.channelCode === 'BANK_VA') return undefined;
  const success = c.status === 'COMPLETE';
  const eventName =
    c.channelCode === 'BANK_VA'
      ? 'payment.success'
      : c.channelCode === 'QRPH_DYNAMIC_QR'
        ? `cpm.payment.${success ? 'success' : 'failed'}`
        : `h5.payment.${success ? 'success' : 'failed'}`;
  const body = { ...collectionView(c), eventName, returnTime: manilaTime(now) };
  return { url: c.notifyUrl, body: signed(body, e.secretOf(c.appId)) };
}

function collectionView(c: Collection): Fields {
  return {
    transactionId: c.transactionId,
    mchOrderId: c.mchOrderId,
    amount: c.amount,
    channelCode: c.channelCode,
    // A voided collection reads as FAILED with the reversal noted: the money went back to the buyer.
    transactionStatus: c.status === 'VOIDED' ? 'FAILED' : c.status,
    createTime: manilaTime(c.createdAt),
    refundedAmount: c.refunded,
    ...(c.status === 'VOIDED' ? { voided: true } : {}),
    ...(c.completedAt === undefined ? {} : { completeTime: manilaTime(c.completedAt) }),
    ...(c.remark === undefined ? {} : { remark: c.remark }),
  };
}

function vaNumber(transactionId: string): string {
  return `7788${Number.parseInt(transactionId.slice(0, 10), 16).toString().padStart(12, '0').slice(-12)}`;
}
