import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import {
  COLLECTION_MAX,
  COLLECTION_MIN,
  PAYCOOLS_BANK_CODES,
  PAYCOOLS_COLLECTION_CHANNELS,
  PAYCOOLS_EWALLET_CODES,
  PAYCOOLS_PATHS,
  PAYOUT_MAX,
  PAYOUT_MIN,
} from '../protocol.js';
import { paycoolsVerify, signed } from '../sign.js';
import { type EmulatorMerchant, openingMerchants } from './merchants.js';
import {
  BLOCKED_ACCOUNT_SUFFIX,
  COLLECTION_CHANNEL_RULES,
  COLLECTION_EXPIRES_AFTER_MS,
  DAY_MS,
  EWALLET_CHANNEL_LIMIT,
  MAINTENANCE,
  MOBILE_WALLETS,
  manila,
  manilaTime,
  messageOf,
  NOT_ENABLED_COLLECTION_CHANNELS,
  NOT_ENABLED_EWALLETS,
  PAYOUT_EXECUTE_AFTER_MS,
  PAYOUT_RETURN_AFTER_MS,
  REFUND_COMPLETE_AFTER_MS,
  REFUND_WINDOW_DAYS,
  settlementAt,
  TIMESTAMP_WINDOW_MS,
  UNKNOWN_ACCOUNT_SUFFIX,
} from './rules.js';

/**
 * The PayCools v1 platform as state and rules: apps and merchant balances, payouts that execute after
 * acceptance, collections a buyer completes on the checkout page, refunds and voids. Every seed-004 code
 * comes out of a rule here; only the world's faults (rules.ts WORLD_CODES) come from scenarios.
 */

export interface PaycoolsNotification {
  readonly url: string;
  readonly body: Record<string, unknown>;
}

export interface EngineReply {
  readonly body: Record<string, unknown>;
  readonly notifications: readonly PaycoolsNotification[];
}

export interface Payout {
  readonly appId: string;
  readonly transactionId: string;
  readonly mchOrderId: string;
  readonly idempotencyId: string;
  readonly amount: number;
  readonly accountNo: string;
  readonly accountName: string;
  readonly payMethodCode: 'BANK' | 'EWALLET';
  readonly destination: string;
  readonly remark?: string;
  readonly notifyUrl?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETED' | 'FAILED';
  failedCode?: number;
  returnedAt?: number;
  returnAt?: number;
  finishedAt?: number;
  /** The world's code a scenario gave this payout's execution. */
  worldCode?: string;
}

export interface Collection {
  readonly appId: string;
  readonly transactionId: string;
  readonly mchOrderId: string;
  readonly amount: number;
  readonly channelCode: string;
  readonly notifyUrl?: string;
  readonly remark?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETE' | 'FAILED' | 'VOIDED';
  completedAt?: number;
  refunded: number;
  voidOrderId?: string;
}

export interface Refund {
  readonly appId: string;
  readonly refundTransactionId: string;
  readonly mchRefundOrderId: string;
  readonly originalTransactionId: string;
  readonly refundAmount: number;
  readonly refundReason?: string;
  readonly callbackUrl?: string;
  readonly createdAt: number;
  status: 'PENDING' | 'COMPLETE';
  returnedAt?: number;
}

type Fields = Record<string, unknown>;
type Check = { code: number } | undefined;

export interface HandleContext {
  readonly ip: string;
  readonly publicUrl: string;
  /** A world code a scenario asked this request to answer. */
  readonly injection?: string;
}

const ALNUM = /^[A-Za-z0-9]+$/;
const ACCOUNT_NAME = /^[A-Za-z .'-]{1,30}$/;

export class PaycoolsEngine {
  readonly merchants: Map<string, EmulatorMerchant>;
  readonly payouts = new Map<string, Payout>();
  readonly collections = new Map<string, Collection>();
  readonly refunds = new Map<string, Refund>();
  readonly #clock: Clock;
  readonly #mainAppId: string;
  readonly #mainSecret: string;
  /** Called when a payout executes, for a scenario's world code (payout_execution). */
  readonly #executionCode: () => string | undefined;

  constructor(options: {
    appId: string;
    secret: string;
    clock: Clock;
    executionCode?: () => string | undefined;
  }) {
    this.#clock = options.clock;
    this.#mainAppId = options.appId;
    this.#mainSecret = options.secret;
    this.merchants = openingMerchants(options.appId, options.secret);
    this.#executionCode = options.executionCode ?? (() => undefined);
  }

  reset(): void {
    this.payouts.clear();
    this.collections.clear();
    this.refunds.clear();
    for (const [id, merchant] of openingMerchants(this.#mainAppId, this.#mainSecret)) {
      this.merchants.set(id, merchant);
    }
  }

  handle(path: string, raw: Buffer, ctx: HandleContext): EngineReply {
    const notifications: PaycoolsNotification[] = [...this.settle()];
    const reply = (body: Record<string, unknown>): EngineReply => ({ body, notifications });
    let fields: Fields;
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return reply(fail(21002));
      fields = parsed as Fields;
    } catch {
      return reply(fail(21002));
    }
    const merchant = typeof fields.appId === 'string' ? this.merchants.get(fields.appId) : undefined;
    if (merchant === undefined || !merchant.enabled) return reply(fail(21003));
    if (merchant.ipWhitelist !== undefined && !merchant.ipWhitelist.includes(normaliseIp(ctx.ip)))
      return reply(fail(21016));
    if (!paycoolsVerify(fields, merchant.secret)) return reply(fail(21001));
    const timestamp = fields.timestamp;
    if (!isMsEpoch(timestamp)) return reply(fail(21008));
    if (Math.abs(Number(timestamp) - this.#clock.now()) > TIMESTAMP_WINDOW_MS) return reply(fail(21009));
    if (!merchant.active) return reply(fail(21004));
    if (ctx.injection === '21000') return reply(fail(21000));

    const answer = this.#route(path, fields, merchant, ctx, notifications);
    // 21011: PayCools' upstream network failed after the request was taken; the outcome is unknown.
    if (ctx.injection === '21011') return reply(fail(21011));
    return reply(
      answer.code === 10000
        ? { code: 10000, message: 'Success', data: signed(answer.data ?? {}, merchant.secret) }
        : fail(answer.code),
    );
  }

  #route(
    path: string,
    f: Fields,
    m: EmulatorMerchant,
    ctx: HandleContext,
    out: PaycoolsNotification[],
  ): { code: number; data?: Fields } {
    switch (path) {
      case PAYCOOLS_PATHS.payout:
        return this.#payout(f, m);
      case PAYCOOLS_PATHS.payoutQuery:
        return this.#payoutQuery(f, m);
      case PAYCOOLS_PATHS.payment:
        return this.#payment(f, m, ctx);
      case PAYCOOLS_PATHS.paymentQuery:
        return this.#paymentQuery(f, m);
      case PAYCOOLS_PATHS.refund:
        return this.#refund(f, m);
      case PAYCOOLS_PATHS.refundQuery:
        return this.#refundQuery(f, m);
      case PAYCOOLS_PATHS.void:
        return this.#void(f, m, out);
      case PAYCOOLS_PATHS.balance:
        return { code: 10000, data: { balance: m.balance, currency: 'PHP' } };
      default:
        return { code: 21002 };
    }
  }

  #payout(f: Fields, m: EmulatorMerchant): { code: number; data?: Fields } {
    const bad =
      str(f.mchOrderId, 1, 32, ALNUM) ??
      str(f.appName, 1, 100) ??
      str(f.idempotencyId, 10, 30, ALNUM) ??
      str(f.accountNo, 1, 40, /^[0-9]+$/) ??
      str(f.accountName, 1, 30, ACCOUNT_NAME) ??
      optStr(f.remark, 100) ??
      optStr(f.notifyUrl, 500);
    if (bad) return bad;
    if (!Number.isInteger(f.amount)) return { code: 21002 };
    const method = f.payMethodCode;
    if (method !== 'BANK' && method !== 'EWALLET') return { code: 21002 };
    const destination = method === 'BANK' ? f.bankCode : f.ewalletCode;
    if (typeof destination !== 'string' || destination === '') return { code: 21002 };
    if (method === 'BANK' && !(PAYCOOLS_BANK_CODES as readonly string[]).includes(destination))
      return { code: 21012 };
    if (method === 'EWALLET' && !(PAYCOOLS_EWALLET_CODES as readonly string[]).includes(destination))
      return { code: 21013 };
    if (method === 'EWALLET' && (NOT_ENABLED_EWALLETS as readonly string[]).includes(destination))
      return { code: 21005 };
    const amount = f.amount as number;
    if (amount < PAYOUT_MIN || amount > PAYOUT_MAX) return { code: 21010 };
    const mine = [...this.payouts.values()].filter((p) => p.appId === m.appId);
    if (mine.some((p) => p.idempotencyId === f.idempotencyId)) return { code: 21015 };
    if (mine.some((p) => p.mchOrderId === f.mchOrderId)) return { code: 21007 };
    // Accepted against the balance as it is now; the money leaves when the channel executes (−10003 then).
    if (m.balance < amount) return { code: 21014 };
    const payout: Payout = {
      appId: m.appId,
      transactionId: newTransactionId(),
      mchOrderId: f.mchOrderId as string,
      idempotencyId: f.idempotencyId as string,
      amount,
      accountNo: f.accountNo as string,
      accountName: f.accountName as string,
      payMethodCode: method,
      destination,
      ...(typeof f.remark === 'string' ? { remark: f.remark } : {}),
      ...(typeof f.notifyUrl === 'string' ? { notifyUrl: f.notifyUrl } : {}),
      createdAt: this.#clock.now(),
      status: 'PENDING',
    };
    this.payouts.set(payout.transactionId, payout);
    return {
      code: 10000,
      data: {
        transactionId: payout.transactionId,
        mchOrderId: payout.mchOrderId,
        amount,
        transactionStatus: 'PENDING',
      },
    };
  }

  #payoutQuery(f: Fields, m: EmulatorMerchant): { code: number; data?: Fields } {
    const payout = findBy(this.payouts, m.appId, f.transactionId, 'mchOrderId', f.mchOrderId);
    if (payout === 'bad') return { code: 21002 };
    if (payout === undefined) return { code: 21006 };
    return { code: 10000, data: payoutView(payout) };
  }

  #payment(f: Fields, m: EmulatorMerchant, ctx: HandleContext): { code: number; data?: Fields } {
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
    if ([...this.collections.values()].some((c) => c.appId === m.appId && c.mchOrderId === f.mchOrderId))
      return { code: 21007 };
    const now = this.#clock.now();
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
    this.collections.set(collection.transactionId, collection);
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

  #paymentQuery(f: Fields, m: EmulatorMerchant): { code: number; data?: Fields } {
    const collection = findBy(this.collections, m.appId, f.transactionId, 'mchOrderId', f.mchOrderId);
    if (collection === 'bad') return { code: 21002 };
    if (collection === undefined) return { code: 21006 };
    return { code: 10000, data: collectionView(collection) };
  }

  /** The buyer finishes (or abandons) the checkout page. */
  buyer(
    transactionId: string,
    result: 'paid' | 'failed',
  ): { ok: boolean; notifications: PaycoolsNotification[] } {
    const notifications = [...this.settle()];
    const c = this.collections.get(transactionId);
    if (c === undefined || c.status !== 'PENDING') return { ok: false, notifications };
    const now = this.#clock.now();
    if (result === 'paid') {
      c.status = 'COMPLETE';
      c.completedAt = now;
      this.merchants.get(c.appId)!.balance += c.amount;
    } else {
      c.status = 'FAILED';
    }
    const note = this.#collectionNotification(c, now);
    if (note) notifications.push(note);
    return { ok: true, notifications };
  }

  #refund(f: Fields, m: EmulatorMerchant): { code: number; data?: Fields } {
    const bad =
      str(f.mchRefundOrderId, 1, 32, ALNUM) ??
      str(f.originalTransactionId, 1, 64) ??
      optStr(f.refundReason, 200) ??
      optStr(f.refundCallbackUrl, 500);
    if (bad) return bad;
    if (!Number.isInteger(f.refundAmount)) return { code: 21002 };
    const same = [...this.refunds.values()].find(
      (r) => r.appId === m.appId && r.mchRefundOrderId === f.mchRefundOrderId,
    );
    if (same) return { code: same.status === 'PENDING' ? 21401 : 21407 };
    const original = this.collections.get(f.originalTransactionId as string);
    if (original === undefined || original.appId !== m.appId) return { code: 21006 };
    const rules = COLLECTION_CHANNEL_RULES[original.channelCode]!;
    if (!rules.refund) return { code: 21402 };
    if (original.status !== 'COMPLETE') return { code: 21408 };
    const now = this.#clock.now();
    if (now - (original.completedAt ?? original.createdAt) > REFUND_WINDOW_DAYS * DAY_MS)
      return { code: 21403 };
    if (
      [...this.refunds.values()].some(
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
    const refund: Refund = {
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
    this.refunds.set(refund.refundTransactionId, refund);
    return { code: 10000, data: refundView(refund) };
  }

  #refundQuery(f: Fields, m: EmulatorMerchant): { code: number; data?: Fields } {
    const refund = findBy(
      this.refunds,
      m.appId,
      f.refundTransactionId,
      'mchRefundOrderId',
      f.mchRefundOrderId,
    );
    if (refund === 'bad') return { code: 21002 };
    if (refund === undefined) return { code: 21006 };
    return { code: 10000, data: refundView(refund) };
  }

  #void(f: Fields, m: EmulatorMerchant, out: PaycoolsNotification[]): { code: number; data?: Fields } {
    const bad = str(f.mchVoidOrderId, 1, 32, ALNUM) ?? str(f.originalTransactionId, 1, 64);
    if (bad) return bad;
    if ([...this.collections.values()].some((c) => c.appId === m.appId && c.voidOrderId === f.mchVoidOrderId))
      return { code: 21505 };
    const original = this.collections.get(f.originalTransactionId as string);
    if (original === undefined || original.appId !== m.appId) return { code: 21006 };
    if (original.status === 'VOIDED') return { code: 21504 };
    if (original.status !== 'COMPLETE' || original.refunded > 0) return { code: 21500 };
    if (!COLLECTION_CHANNEL_RULES[original.channelCode]!.void) return { code: 21501 };
    const now = this.#clock.now();
    const completedAt = original.completedAt ?? original.createdAt;
    if (manila(now).day !== manila(completedAt).day) return { code: 21503 };
    if (now >= settlementAt(completedAt)) return { code: 21502 };
    original.status = 'VOIDED';
    original.voidOrderId = f.mchVoidOrderId as string;
    m.balance -= original.amount;
    void out;
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

  /** Time-driven changes due now: payouts executing or coming back, refunds completing, checkouts expiring. */
  settle(): PaycoolsNotification[] {
    const now = this.#clock.now();
    const out: PaycoolsNotification[] = [];
    for (const p of this.payouts.values()) {
      if (p.status === 'PENDING' && now >= p.createdAt + PAYOUT_EXECUTE_AFTER_MS) this.#execute(p, now, out);
      else if (p.status === 'COMPLETED' && p.returnAt !== undefined && now >= p.returnAt) {
        p.status = 'FAILED';
        p.failedCode = -10010;
        p.returnedAt = now;
        p.finishedAt = now;
        this.merchants.get(p.appId)!.balance += p.amount;
        const note = this.#payoutNotification(p);
        if (note) out.push(note);
      }
    }
    for (const r of this.refunds.values()) {
      if (r.status === 'PENDING' && now >= r.createdAt + REFUND_COMPLETE_AFTER_MS) {
        r.status = 'COMPLETE';
        r.returnedAt = now;
        const secret = this.merchants.get(r.appId)!.secret;
        if (r.callbackUrl)
          out.push({
            url: r.callbackUrl,
            body: signed({ eventName: 'payment.refund.success', ...refundView(r) }, secret),
          });
      }
    }
    for (const c of this.collections.values()) {
      if (c.status === 'PENDING' && now >= c.createdAt + COLLECTION_EXPIRES_AFTER_MS) {
        c.status = 'FAILED';
        const note = this.#collectionNotification(c, now);
        if (note) out.push(note);
      }
    }
    return out;
  }

  #execute(p: Payout, now: number, out: PaycoolsNotification[]): void {
    const merchant = this.merchants.get(p.appId)!;
    const world = this.#executionCode();
    const { hour } = manila(now);
    let failed: number | undefined;
    if (world !== undefined && world !== '-10010') failed = Number(world);
    else if (!merchant.active) failed = -10008;
    else if (
      p.payMethodCode === 'BANK' &&
      p.destination === MAINTENANCE.bankCode &&
      hour >= MAINTENANCE.fromHour &&
      hour < MAINTENANCE.toHour
    )
      failed = -10007;
    else if (
      p.payMethodCode === 'EWALLET' &&
      (MOBILE_WALLETS as readonly string[]).includes(p.destination) &&
      !/^09\d{9}$/.test(p.accountNo)
    )
      failed = -10002;
    else if (p.payMethodCode === 'EWALLET' && p.amount > EWALLET_CHANNEL_LIMIT) failed = -10001;
    else if (p.accountNo.endsWith(UNKNOWN_ACCOUNT_SUFFIX)) failed = -10005;
    else if (p.accountNo.endsWith(BLOCKED_ACCOUNT_SUFFIX)) failed = -10009;
    else if (merchant.balance < p.amount) failed = -10003;
    p.finishedAt = now;
    if (failed === undefined) {
      p.status = 'COMPLETED';
      merchant.balance -= p.amount;
      if (world === '-10010') p.returnAt = now + PAYOUT_RETURN_AFTER_MS;
    } else {
      p.status = 'FAILED';
      p.failedCode = failed;
    }
    const note = this.#payoutNotification(p);
    if (note) out.push(note);
  }

  #payoutNotification(p: Payout): PaycoolsNotification | undefined {
    if (p.notifyUrl === undefined) return undefined;
    const body = {
      ...payoutView(p),
      eventName: p.status === 'COMPLETED' ? 'disbursement.completed' : 'disbursement.failed',
    };
    return { url: p.notifyUrl, body: signed(body, this.merchants.get(p.appId)!.secret) };
  }

  #collectionNotification(c: Collection, now: number): PaycoolsNotification | undefined {
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
    return { url: c.notifyUrl, body: signed(body, this.merchants.get(c.appId)!.secret) };
  }
}

function payoutView(p: Payout): Fields {
  return {
    transactionId: p.transactionId,
    mchOrderId: p.mchOrderId,
    amount: p.amount,
    transactionStatus: p.status,
    createTime: manilaTime(p.createdAt),
    ...(p.finishedAt === undefined ? {} : { returnTime: manilaTime(p.finishedAt) }),
    ...(p.remark === undefined ? {} : { remark: p.remark }),
    ...(p.failedCode === undefined
      ? {}
      : { failedCode: p.failedCode, failedMessage: messageOf(p.failedCode) }),
  };
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

function fail(code: number): Record<string, unknown> {
  return { code, message: messageOf(code) };
}

function str(value: unknown, min: number, max: number, pattern?: RegExp): { code: number } | undefined {
  if (typeof value !== 'string' || value.length < min || value.length > max) return { code: 21002 };
  if (pattern && !pattern.test(value)) return { code: 21002 };
  return undefined;
}

function optStr(value: unknown, max: number): Check {
  return value === undefined ? undefined : str(value, 1, max);
}

function findBy<T extends { appId: string }>(
  map: Map<string, T>,
  appId: string,
  id: unknown,
  key: keyof T,
  other: unknown,
): T | undefined | 'bad' {
  if (typeof id === 'string' && id !== '') {
    const hit = map.get(id);
    return hit?.appId === appId ? hit : undefined;
  }
  if (typeof other === 'string' && other !== '')
    return [...map.values()].find((item) => item.appId === appId && item[key] === other);
  return 'bad';
}

function isMsEpoch(value: unknown): boolean {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^\d{13}$/.test(text);
}

function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function newTransactionId(): string {
  return randomBytes(18).toString('hex');
}

function vaNumber(transactionId: string): string {
  return `7788${Number.parseInt(transactionId.slice(0, 10), 16).toString().padStart(12, '0').slice(-12)}`;
}
