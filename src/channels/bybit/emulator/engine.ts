import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../domain/clock.js';
import { BybitRefusal, identifierOf, param } from './errors.js';
import {
  AGREEMENT_TYPES,
  type AgreementType,
  type Body,
  fingerprint,
  isoTime,
  money,
  moneyJson,
  obj,
  oneOf,
  SCENE_CODES,
  str,
} from './fields.js';
import {
  CRYPTO_DECIMALS,
  FIAT_DECIMALS,
  fiatToCrypto,
  type Money,
  parseMinorUnits,
  RATE_SCALE,
  rateString,
  rateWindowEnd,
  SETTLE_CHAIN,
  SETTLE_CURRENCY,
  USDT_PER_FIAT_E8,
  usdtPerFiatE8,
} from './money.js';
import { bybitLocalTime, PERIOD_TYPES, type PeriodType, periodStart } from './periods.js';
import { BUYERS, type Buyer, TEMPLATES, type World } from './world.js';

/**
 * The state and rules of Bybit Pay recurring payments (reference §2, §5, §6): sign orders and agreements,
 * deductions checked in the documented order, refunds that give quota back, and the time-driven changes
 * (sign links timing out, agreements expiring, PROCESSING trades and refunds settling). Every operation
 * returns its `result` or throws a BybitRefusal; the webhooks it causes go to `notify`.
 */

export type AgreementStatus =
  | 'INIT'
  | 'PENDING'
  | 'SIGNED'
  | 'SUSPENDED'
  | 'UNSIGNED'
  | 'EXPIRED'
  | 'FAILED'
  | 'TIMEOUT';
export type TradeStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED' | 'TIMEOUT';
export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'FAILED';

export interface PeriodLimit {
  readonly periodType: PeriodType;
  readonly limit: Money;
}

export interface Agreement {
  readonly agreementNo: string;
  readonly externalAgreementNo: string;
  readonly signOrderId: string;
  readonly merchantId: string;
  readonly agreementType: AgreementType;
  readonly sceneCode: string;
  readonly productCode: string;
  readonly merchantUserId?: string;
  readonly createdAt: number;
  readonly signExpireAt: number;
  readonly validUntil?: number;
  readonly singleLimit?: Money;
  readonly periodLimits: readonly PeriodLimit[];
  readonly notifyUrl: string;
  readonly returnUrl?: string;
  readonly fingerprint: string;
  readonly signResult: Record<string, unknown>;
  userId?: string;
  status: AgreementStatus;
  signTime?: number;
  unsignTime?: number;
  unsignType?: string;
  suspendTime?: number;
  resumeTime?: number;
}

export interface CryptoPayment {
  readonly currency: string;
  readonly amount: bigint;
  readonly chain: string;
  readonly rateE8: bigint;
  readonly rateTime: number;
}

export interface Trade {
  readonly tradeNo: string;
  readonly orderNo: string;
  readonly outTradeNo: string;
  readonly merchantId: string;
  readonly agreementNo: string;
  readonly agreementType: AgreementType;
  readonly userId: string;
  readonly amount: Money;
  readonly usdCents: bigint;
  readonly crypto?: CryptoPayment;
  readonly createdAt: number;
  readonly notifyUrl: string;
  readonly fingerprint: string;
  status: TradeStatus;
  settleAt?: number;
  payTime?: number;
  failureCode?: number;
  /** Successfully refunded, in the amount's minor units. */
  refunded: bigint;
}

export interface Refund {
  readonly refundNo: string;
  readonly outRefundNo: string;
  readonly tradeNo: string;
  readonly merchantId: string;
  readonly amount: Money;
  readonly createdAt: number;
  readonly notifyUrl: string;
  readonly fingerprint: string;
  status: RefundStatus;
  settleAt?: number;
  refundTime?: number;
  failureCode?: number;
}

export interface Webhook {
  readonly url: string;
  readonly notifyType: 'AGREEMENT_STATUS' | 'TRANSACTION_RESULT' | 'AGREEMENT_TIMEOUT' | 'ORDER_TIMEOUT';
  readonly merchantId: string;
  readonly data: Record<string, unknown>;
}

/** How long a PROCESSING trade or refund (sandbox amounts ending 02) takes to settle, on the emulator clock. */
export const PROCESSING_MS = 5_000;
/** How long a deduction's locked rate holds; a trade settling later fails with EXCHANGE_RATE_EXPIRED. */
export const RATE_VALID_MS = 60_000;
const DEFAULT_SIGN_EXPIRE_MINUTES = 30;
const DAY_MS = 86_400_000;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The last two digits of a minor-unit amount: the sandbox's magic (01 success … 99 risk). */
export function magicOf(total: bigint): string {
  return (total % 100n).toString().padStart(2, '0');
}

/** USD cents a crypto unit is worth, for quotas kept in USD (users' caps, merchants' quotas). */
const USD_CENTS_PER_CRYPTO: Readonly<Record<string, bigint>> = {
  USDT: 100n,
  USDC: 100n,
  BTC: 9_000_000n,
  ETH: 300_000n,
  TRX: 25n,
  SOL: 15_000n,
  BNB: 60_000n,
  DOGE: 20n,
};

export function usdCentsOf(m: Money): bigint {
  if (m.currencyType === 'FIAT') {
    const usdt = fiatToCrypto(m.total, m.currency, 'USDT', USDT_PER_FIAT_E8[m.currency] ?? RATE_SCALE);
    return usdt / 10_000n;
  }
  const decimals = BigInt(CRYPTO_DECIMALS[m.currency] ?? 6);
  return (m.total * (USD_CENTS_PER_CRYPTO[m.currency] ?? 100n)) / 10n ** decimals;
}

export class BybitEngine {
  readonly agreements = new Map<string, Agreement>();
  readonly trades = new Map<string, Trade>();
  readonly refunds = new Map<string, Refund>();
  readonly #world: World;
  readonly #clock: Clock;
  readonly #notify: (webhook: Webhook) => void;
  #seq = 0;

  constructor(world: World, clock: Clock, notify: (webhook: Webhook) => void) {
    this.#world = world;
    this.#clock = clock;
    this.#notify = notify;
  }

  #id(prefix: string): string {
    this.#seq += 1;
    const day = new Date(this.#clock.now()).toISOString().slice(0, 10).replaceAll('-', '');
    return `${prefix}${day}${String(this.#seq).padStart(6, '0')}${randomBytes(2).toString('hex').toUpperCase()}`;
  }

  // ---- sign ---------------------------------------------------------------------------------------

  sign(merchantId: string, body: Body, publicUrl: string): Record<string, unknown> {
    const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
    const sceneCode = oneOf(body, 'scene_code', SCENE_CODES);
    const productCode = str(body, 'product_code', 64, true);
    const externalAgreementNo = str(body, 'external_agreement_no', 64, true);
    const notifyUrl = str(body, 'notify_url', 512, true);
    const merchantUserId = str(body, 'merchant_user_id', 64);
    const returnUrl = str(body, 'return_url', 512);
    const extra = str(body, 'extra_params', 2048);
    if (extra !== undefined) {
      try {
        JSON.parse(extra);
      } catch {
        throw param('extra_params must be a JSON string');
      }
    }
    const now = this.#clock.now();
    const validUntil = isoTime(body, 'sign_valid_time');
    if (validUntil !== undefined && validUntil < now + DAY_MS)
      throw param('sign_valid_time must be at least 24 hours ahead');
    const minutes = body.sign_expire_minutes ?? DEFAULT_SIGN_EXPIRE_MINUTES;
    if (!Number.isInteger(minutes) || (minutes as number) < 1 || (minutes as number) > 1440)
      throw param('sign_expire_minutes must be an integer from 1 to 1440');
    const singleLimit =
      obj(body, 'single_limit', false) === undefined ? undefined : money(body, 'single_limit', 'amount');
    const periodLimits = this.#periodLimits(body);

    const prints = fingerprint(body);
    const existing = this.#agreementByExternal(merchantId, externalAgreementNo);
    if (existing !== undefined) {
      if (existing.fingerprint !== prints)
        throw new BybitRefusal(40004, 'external_agreement_no was used with other parameters');
      return existing.signResult;
    }
    const template = TEMPLATES.find((t) => t.productCode === productCode);
    if (template === undefined) throw new BybitRefusal(139001006, `product_code ${productCode}`);
    for (const limit of [singleLimit, ...periodLimits.map((p) => p.limit)]) {
      if (limit !== undefined && usdCentsOf(limit) > template.maxLimitUsdCents)
        throw new BybitRefusal(
          139004007,
          `the template allows at most ${template.maxLimitUsdCents} USD cents`,
        );
    }
    if (merchantUserId !== undefined) {
      const signed = [...this.agreements.values()].find(
        (a) =>
          a.merchantId === merchantId &&
          a.merchantUserId === merchantUserId &&
          a.agreementType === agreementType &&
          a.productCode === productCode &&
          (a.status === 'SIGNED' || a.status === 'SUSPENDED'),
      );
      if (signed !== undefined) throw new BybitRefusal(139001007, signed.agreementNo);
    }
    const signOrderId = this.#id('AGR');
    const signExpireAt = now + (minutes as number) * 60_000;
    const signUrl = `${publicUrl}/agreement/sign/${signOrderId}`;
    const signResult = {
      sign_order_id: signOrderId,
      sign_url: signUrl,
      qr_code: signUrl,
      expire_time: iso(signExpireAt),
    };
    const agreement: Agreement = {
      agreementNo: this.#id('AG'),
      externalAgreementNo,
      signOrderId,
      merchantId,
      agreementType,
      sceneCode,
      productCode,
      ...(merchantUserId === undefined ? {} : { merchantUserId }),
      createdAt: now,
      signExpireAt,
      ...(validUntil === undefined ? {} : { validUntil }),
      ...(singleLimit === undefined ? {} : { singleLimit }),
      periodLimits,
      notifyUrl,
      ...(returnUrl === undefined ? {} : { returnUrl }),
      fingerprint: prints,
      signResult,
      status: 'INIT',
    };
    this.agreements.set(agreement.agreementNo, agreement);
    return signResult;
  }

  #periodLimits(body: Body): PeriodLimit[] {
    const raw = body.period_limits;
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw) || raw.length > PERIOD_TYPES.length) throw param('period_limits must be a list');
    const seen = new Set<string>();
    return raw.map((item, i) => {
      if (typeof item !== 'object' || item === null) throw param(`period_limits[${i}] must be an object`);
      const periodType = oneOf(item as Body, 'period_type', PERIOD_TYPES);
      if (seen.has(periodType)) throw param(`period_limits has two ${periodType} limits`);
      seen.add(periodType);
      return { periodType, limit: money({ limit: item }, 'limit', 'amount') };
    });
  }

  #agreementByExternal(merchantId: string, externalNo: string): Agreement | undefined {
    return [...this.agreements.values()].find(
      (a) => a.merchantId === merchantId && a.externalAgreementNo === externalNo,
    );
  }

  // ---- the buyer's side ---------------------------------------------------------------------------

  signOrder(signOrderId: string): Agreement | undefined {
    this.settle();
    return [...this.agreements.values()].find((a) => a.signOrderId === signOrderId);
  }

  /** The buyer opened the link: INIT → PENDING, or SIGN_URL_EXPIRED past its expire_time. */
  open(signOrderId: string): Agreement {
    const agreement = this.#openable(signOrderId);
    if (agreement.status === 'INIT') agreement.status = 'PENDING';
    return agreement;
  }

  confirm(signOrderId: string, userId: string): Agreement {
    const agreement = this.#openable(signOrderId);
    if (!this.#world.buyers.has(userId)) throw new BybitRefusal(139006002, userId);
    const now = this.#clock.now();
    agreement.status = 'SIGNED';
    agreement.userId = userId;
    agreement.signTime = now;
    this.#agreementEvent(agreement, 'SIGNED', { signTime: now });
    return agreement;
  }

  decline(signOrderId: string): Agreement {
    const agreement = this.#openable(signOrderId);
    agreement.status = 'FAILED';
    this.#agreementEvent(agreement, 'FAILED', { failureCode: '139005001', failureReason: 'USER_REJECTED' });
    return agreement;
  }

  #openable(signOrderId: string): Agreement {
    const agreement = this.signOrder(signOrderId);
    if (agreement === undefined) throw new BybitRefusal(139001001, signOrderId);
    if (agreement.status === 'TIMEOUT')
      throw new BybitRefusal(139001012, agreement.signResult.expire_time as string);
    if (agreement.status !== 'INIT' && agreement.status !== 'PENDING')
      throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
    return agreement;
  }

  /** The platform's side (risk, the user in the app): suspend, resume, unsign by the user. */
  platform(agreementNo: string, action: 'suspend' | 'resume' | 'user_unsign'): Agreement {
    this.settle();
    const agreement = this.agreements.get(agreementNo);
    if (agreement === undefined) throw new BybitRefusal(139001001, agreementNo);
    const now = this.#clock.now();
    if (action === 'suspend') {
      if (agreement.status !== 'SIGNED') throw new BybitRefusal(139001005, agreement.status);
      agreement.status = 'SUSPENDED';
      agreement.suspendTime = now;
      this.#agreementEvent(agreement, 'SUSPENDED', { suspendTime: now, suspendReason: 'MANUAL' });
    } else if (action === 'resume') {
      if (agreement.status !== 'SUSPENDED') throw new BybitRefusal(139001005, agreement.status);
      agreement.status = 'SIGNED';
      agreement.resumeTime = now;
      this.#agreementEvent(agreement, 'SIGNED', { resumeTime: now });
    } else {
      this.#unsignChecks(agreement);
      this.#unsign(agreement, 'USER');
    }
    return agreement;
  }

  // ---- unsign, query, list ------------------------------------------------------------------------

  unsign(merchantId: string, body: Body): Record<string, unknown> {
    const userId = str(body, 'user_id', 64, true);
    const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
    const unsignType =
      body.unsign_type === undefined
        ? 'MERCHANT'
        : oneOf(body, 'unsign_type', ['USER', 'MERCHANT', 'SYSTEM']);
    str(body, 'unsign_reason', 256);
    const agreement = this.#findAgreement(merchantId, body);
    if (agreement.agreementType !== agreementType) throw new BybitRefusal(139001013, agreement.agreementType);
    if (!this.#world.buyers.has(userId)) throw new BybitRefusal(139006002, userId);
    if (agreement.userId !== undefined && agreement.userId !== userId) throw new BybitRefusal(139001010);
    this.#unsignChecks(agreement);
    this.#unsign(agreement, unsignType);
    return {
      agreement_no: agreement.agreementNo,
      status: agreement.status,
      unsign_time: iso(agreement.unsignTime),
    };
  }

  #unsignChecks(agreement: Agreement): void {
    if (agreement.status === 'UNSIGNED') throw new BybitRefusal(139001003);
    if (agreement.status === 'EXPIRED') throw new BybitRefusal(139001002);
    if (agreement.status !== 'SIGNED' && agreement.status !== 'SUSPENDED')
      throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
  }

  #unsign(agreement: Agreement, unsignType: string): void {
    const now = this.#clock.now();
    agreement.status = 'UNSIGNED';
    agreement.unsignTime = now;
    agreement.unsignType = unsignType;
    this.#agreementEvent(agreement, 'UNSIGNED', { unsignTime: now, unsignType });
  }

  /** By agreement_no or external_agreement_no, of this merchant (another's: MERCHANT_ID_MISMATCH). */
  #findAgreement(merchantId: string, body: Body): Agreement {
    this.settle();
    const no = str(body, 'agreement_no', 64);
    const external = str(body, 'external_agreement_no', 64);
    if (no === undefined && external === undefined)
      throw param('agreement_no or external_agreement_no is required');
    const agreement =
      no !== undefined
        ? this.agreements.get(no)
        : [...this.agreements.values()].find(
            (a) => a.externalAgreementNo === external && a.merchantId === merchantId,
          );
    if (agreement === undefined) throw new BybitRefusal(139001001);
    if (agreement.merchantId !== merchantId) throw new BybitRefusal(139001009);
    return agreement;
  }

  query(merchantId: string, body: Body): Record<string, unknown> {
    return this.agreementView(this.#findAgreement(merchantId, body));
  }

  list(merchantId: string, body: Body): Record<string, unknown> {
    this.settle();
    const pageNo = pageNumber(body.page_no, 1, 1_000_000, 'page_no');
    const pageSize = pageNumber(body.page_size, 20, 100, 'page_size');
    const filters = {
      user_id: str(body, 'user_id', 64),
      agreement_type: str(body, 'agreement_type', 16),
      status: str(body, 'status', 16),
      scene_code: str(body, 'scene_code', 32),
    };
    const all = [...this.agreements.values()].filter(
      (a) =>
        a.merchantId === merchantId &&
        (filters.user_id === undefined || a.userId === filters.user_id) &&
        (filters.agreement_type === undefined || a.agreementType === filters.agreement_type) &&
        (filters.status === undefined || a.status === filters.status) &&
        (filters.scene_code === undefined || a.sceneCode === filters.scene_code),
    );
    return {
      total: all.length,
      page_no: pageNo,
      page_size: pageSize,
      list: all.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((a) => this.agreementView(a)),
    };
  }

  agreementView(a: Agreement): Record<string, unknown> {
    const now = this.#clock.now();
    return compact({
      agreement_no: a.agreementNo,
      external_agreement_no: a.externalAgreementNo,
      sign_order_id: a.signOrderId,
      agreement_type: a.agreementType,
      scene_code: a.sceneCode,
      product_code: a.productCode,
      user_id: a.userId,
      merchant_user_id: a.merchantUserId,
      status: a.status,
      sign_time: iso(a.signTime),
      valid_time: iso(a.validUntil),
      unsign_time: iso(a.unsignTime),
      unsign_type: a.unsignType,
      single_limit: a.singleLimit === undefined ? undefined : moneyJson(a.singleLimit, 'amount'),
      period_limits: a.periodLimits.map((p) => ({
        period_type: p.periodType,
        ...moneyJson(p.limit, 'amount'),
      })),
      used_quota: a.periodLimits.map((p) => ({
        period_type: p.periodType,
        currency: p.limit.currency,
        used_amount: this.usedInPeriod(a, p.periodType, now).toString(),
        period_start: iso(periodStart(p.periodType, now)),
      })),
    });
  }

  /** What counts against a period: SUCCESS and PROCESSING deductions of the period, less what was refunded. */
  usedInPeriod(a: Agreement, type: PeriodType, at: number): bigint {
    const from = periodStart(type, at);
    let used = 0n;
    for (const t of this.trades.values()) {
      if (t.agreementNo !== a.agreementNo || t.createdAt < from || t.createdAt > at) continue;
      if (t.status === 'SUCCESS' || t.status === 'PROCESSING') used += t.amount.total - t.refunded;
    }
    return used;
  }

  // ---- deduct -------------------------------------------------------------------------------------

  deduct(merchantId: string, body: Body): Record<string, unknown> {
    const userId = str(body, 'user_id', 64, true);
    const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
    str(body, 'agreement_no', 64, true);
    const outTradeNo = str(body, 'out_trade_no', 64, true);
    const sceneCode = oneOf(body, 'scene_code', SCENE_CODES);
    const notifyUrl = str(body, 'notify_url', 512, true);
    const merchantUserId = str(body, 'merchant_user_id', 64);
    const orderInfo = obj(body, 'order_info', true)!;
    str(orderInfo, 'order_title', 128, true);
    str(orderInfo, 'order_desc', 256);
    const amount = money(body, 'amount');

    const prints = fingerprint(body);
    const first = [...this.trades.values()].find(
      (t) => t.merchantId === merchantId && t.outTradeNo === outTradeNo,
    );
    if (first !== undefined) {
      this.settle();
      if (first.fingerprint !== prints)
        throw new BybitRefusal(40004, 'out_trade_no was used with other parameters');
      if (first.status === 'PROCESSING') throw new BybitRefusal(139002005, first.tradeNo);
      return this.tradeView(first);
    }
    // 1. The agreement and who is asking; its status.
    const agreement = this.#findAgreement(merchantId, body);
    if (agreement.agreementType !== agreementType) throw new BybitRefusal(139001013, agreement.agreementType);
    const buyer = this.#world.buyers.get(userId);
    if (buyer === undefined) throw new BybitRefusal(139006002, userId);
    if (agreement.userId !== undefined && agreement.userId !== userId) throw new BybitRefusal(139001010);
    if (merchantUserId !== undefined && agreement.merchantUserId !== merchantUserId)
      throw new BybitRefusal(139001011, 'merchant_user_id differs from the one at sign time');
    const merchant = this.#world.merchants.get(merchantId)!;
    if (merchant.strictSceneCode && sceneCode !== agreement.sceneCode)
      throw new BybitRefusal(139001008, `signed for ${agreement.sceneCode}`);
    switch (agreement.status) {
      case 'SIGNED':
        break;
      case 'EXPIRED':
        throw new BybitRefusal(139001002);
      case 'UNSIGNED':
        throw new BybitRefusal(139001003);
      case 'SUSPENDED':
        throw new BybitRefusal(139001004);
      default:
        throw new BybitRefusal(139001005, `the agreement is ${agreement.status}`);
    }
    // 2. Single limit; 3. period limits (in the limit's currency).
    const now = this.#clock.now();
    for (const limit of [agreement.singleLimit, ...agreement.periodLimits.map((p) => p.limit)]) {
      if (
        limit !== undefined &&
        (limit.currency !== amount.currency || limit.currencyType !== amount.currencyType)
      )
        throw new BybitRefusal(139004002, `the agreement's limits are in ${limit.currency}`);
    }
    if (agreement.singleLimit !== undefined && amount.total > agreement.singleLimit.total)
      throw new BybitRefusal(139004005, `single limit ${agreement.singleLimit.total}`);
    for (const p of agreement.periodLimits) {
      const used = this.usedInPeriod(agreement, p.periodType, now);
      if (used + amount.total > p.limit.total)
        throw new BybitRefusal(139004006, `${p.periodType} limit ${p.limit.total}, used ${used}`, {
          period_type: p.periodType,
          used_amount: used.toString(),
          limit_amount: p.limit.total.toString(),
        });
    }
    // The buyer's own daily cap and the merchant-wide quota, both in USD.
    const usdCents = usdCentsOf(amount);
    const dayFrom = periodStart('DAY', now);
    const today = (match: (t: Trade) => boolean) =>
      [...this.trades.values()]
        .filter(
          (t) => match(t) && t.createdAt >= dayFrom && (t.status === 'SUCCESS' || t.status === 'PROCESSING'),
        )
        .reduce((sum, t) => sum + t.usdCents - (t.refunded * t.usdCents) / t.amount.total, 0n);
    if (today((t) => t.userId === userId) + usdCents > buyer.dailyAutoDebitCapUsdCents)
      throw new BybitRefusal(139002002, "the buyer's daily auto-debit quota is used up");
    if (today((t) => t.merchantId === merchantId) + usdCents > merchant.dailyQuotaUsdCents)
      throw new BybitRefusal(139004008);
    if (amount.chainAddress !== undefined) {
      const settleTo = `${amount.currencyType === 'CRYPTO' ? amount.currency : SETTLE_CURRENCY}:${amount.chain ?? SETTLE_CHAIN}`;
      if (!merchant.settlement.has(settleTo))
        throw new BybitRefusal(139006004, `no settlement to ${settleTo}`);
    }
    // 5. Risk (the sandbox's 99; before any money moves). 4. Balance is decided when the trade settles.
    const magic = magicOf(amount.total);
    if (magic === '99') throw new BybitRefusal(139005001);

    const crypto = this.#price(amount, now);
    const trade: Trade = {
      tradeNo: this.#id('PAY'),
      orderNo: this.#id('ORD'),
      outTradeNo,
      merchantId,
      agreementNo: agreement.agreementNo,
      agreementType,
      userId,
      amount,
      usdCents,
      ...(crypto === undefined ? {} : { crypto }),
      createdAt: now,
      notifyUrl,
      fingerprint: prints,
      status: 'PROCESSING',
      refunded: 0n,
    };
    this.trades.set(trade.tradeNo, trade);
    if (magic === '02') trade.settleAt = now + PROCESSING_MS;
    else if (magic === '04') this.#finishTrade(trade, 'TIMEOUT', 50002);
    else if (magic === '03') this.#finishTrade(trade, 'FAILED', 139002003);
    else this.#settleTrade(trade);
    return this.tradeView(trade);
  }

  /** Fiat is paid in USDT at the rate of the moment; crypto is paid as is. */
  #price(amount: Money, now: number): CryptoPayment | undefined {
    if (amount.currencyType === 'CRYPTO') return undefined;
    const rateE8 = usdtPerFiatE8(amount.currency, now);
    if (rateE8 === undefined) throw new BybitRefusal(139004002, amount.currency);
    return {
      currency: SETTLE_CURRENCY,
      amount: fiatToCrypto(amount.total, amount.currency, SETTLE_CURRENCY, rateE8),
      chain: amount.chain ?? SETTLE_CHAIN,
      rateE8,
      rateTime: now,
    };
  }

  /** Takes the money (or fails for balance, or for a rate that expired while PROCESSING). */
  #settleTrade(trade: Trade): void {
    const now = this.#clock.now();
    if (trade.crypto !== undefined && now - trade.crypto.rateTime > RATE_VALID_MS) {
      this.#finishTrade(trade, 'FAILED', 139004003);
      return;
    }
    const buyer = this.#world.buyers.get(trade.userId)!;
    const currency = trade.crypto?.currency ?? trade.amount.currency;
    const due = trade.crypto?.amount ?? trade.amount.total;
    const balance = buyer.balances.get(currency) ?? 0n;
    if (balance < due) {
      this.#finishTrade(trade, 'FAILED', 139002003);
      return;
    }
    buyer.balances.set(currency, balance - due);
    this.#finishTrade(trade, 'SUCCESS');
  }

  #finishTrade(trade: Trade, status: TradeStatus, failureCode?: number): void {
    const now = this.#clock.now();
    trade.status = status;
    delete trade.settleAt;
    if (failureCode !== undefined) trade.failureCode = failureCode;
    if (status === 'SUCCESS') trade.payTime = now;
    this.#notify({
      url: trade.notifyUrl,
      notifyType: status === 'TIMEOUT' ? 'ORDER_TIMEOUT' : 'TRANSACTION_RESULT',
      merchantId: trade.merchantId,
      data: compact({
        orderNo: trade.orderNo,
        tradeNo: trade.tradeNo,
        outTradeNo: trade.outTradeNo,
        agreementNo: trade.agreementNo,
        userId: status === 'TIMEOUT' ? trade.userId : undefined,
        eventType: 'PAY',
        orderType: 'AGREEMENT_PAY',
        status,
        amount: moneyJson(trade.amount),
        payTime: trade.payTime === undefined ? undefined : bybitLocalTime(trade.payTime),
        timeoutTime: status === 'TIMEOUT' ? bybitLocalTime(now) : undefined,
        failureCode: failureCode === undefined ? undefined : String(failureCode),
        failureReason:
          status === 'TIMEOUT'
            ? 'ORDER_TIMEOUT'
            : failureCode === undefined
              ? undefined
              : identifierOf(failureCode),
      }),
    });
    if (status === 'SUCCESS') {
      const agreement = this.agreements.get(trade.agreementNo)!;
      if (agreement.agreementType === 'SINGLE' && agreement.status === 'SIGNED')
        this.#unsign(agreement, 'SYSTEM');
    }
  }

  tradeView(t: Trade): Record<string, unknown> {
    return compact({
      order_no: t.orderNo,
      trade_no: t.tradeNo,
      out_trade_no: t.outTradeNo,
      agreement_no: t.agreementNo,
      status: t.status,
      amount: moneyJson(t.amount),
      crypto_payment:
        t.crypto === undefined
          ? undefined
          : {
              currency: t.crypto.currency,
              amount: t.crypto.amount.toString(),
              chain: t.crypto.chain,
              exchange_rate: rateString(t.crypto.rateE8),
              rate_time: iso(t.crypto.rateTime),
            },
      pay_time: iso(t.payTime),
      refund_amount:
        t.refunded > 0n ? { total: t.refunded.toString(), currency: t.amount.currency } : undefined,
      failure_code: t.failureCode === undefined ? undefined : String(t.failureCode),
      failure_reason: t.failureCode === undefined ? undefined : identifierOf(t.failureCode),
    });
  }

  // ---- pay with sign ------------------------------------------------------------------------------

  /**
   * Sign and deduct in one call. With `sign_params` the sign order is created (or found by its
   * external_agreement_no) and the deduction waits for the buyer: `pay_result` is absent until signed,
   * when the merchant deducts by agreement_no. A sign order past its expire_time is SIGN_URL_EXPIRED.
   */
  payWithSign(merchantId: string, body: Body, publicUrl: string): Record<string, unknown> {
    const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
    const signParams = obj(body, 'sign_params', false);
    const payParams = obj(body, 'pay_params', true)!;
    let agreement: Agreement;
    if (signParams !== undefined) {
      const external = str(signParams, 'external_agreement_no', 64, true);
      const known = this.#agreementByExternal(merchantId, external);
      this.settle();
      if (known?.status === 'TIMEOUT') throw new BybitRefusal(139001012);
      if (known === undefined) {
        const { sign_notify_url: notifyUrl, ...rest } = signParams;
        this.sign(merchantId, { ...rest, agreement_type: agreementType, notify_url: notifyUrl }, publicUrl);
      }
      agreement = this.#agreementByExternal(merchantId, external)!;
    } else {
      agreement = this.#findAgreement(merchantId, payParams);
    }
    const signResult = compact({
      agreement_no: agreement.agreementNo,
      external_agreement_no: agreement.externalAgreementNo,
      status: agreement.status,
      sign_time: iso(agreement.signTime),
      valid_time: iso(agreement.validUntil),
      ...agreement.signResult,
    });
    if (agreement.status !== 'SIGNED' || agreement.userId === undefined) return { sign_result: signResult };
    const { pay_notify_url: notifyUrl, ...pay } = payParams;
    const payResult = this.deduct(merchantId, {
      ...pay,
      agreement_no: agreement.agreementNo,
      agreement_type: agreementType,
      user_id: agreement.userId,
      notify_url: notifyUrl,
    });
    return { sign_result: signResult, pay_result: payResult };
  }

  // ---- fx convert ---------------------------------------------------------------------------------

  /**
   * `/v5/bybitpay/fx/convert` (the QR product's quote, the only FX endpoint documented): the settle amount
   * of a fiat amount at the market rate of now. `exchangeRate` and `expireTime` (epoch ms: the end of the
   * rate's window) are inferred additions, so a caller can show the rate and know how long it holds.
   */
  fxConvert(_merchantId: string, body: Body): Record<string, unknown> {
    const orderAmount = str(body, 'orderAmount', 32, true);
    const orderCurrency = str(body, 'orderCurrency', 16, true);
    const settleCurrency = str(body, 'settleCurrency', 16, true);
    const total = parseMinorUnits(orderAmount);
    if (total === undefined)
      throw new BybitRefusal(139004004, 'orderAmount is an integer string of minimum units');
    const now = this.#clock.now();
    const rateE8 = usdtPerFiatE8(orderCurrency, now);
    if (rateE8 === undefined || (settleCurrency !== 'USDT' && settleCurrency !== 'USDC'))
      throw new BybitRefusal(139004002, `${orderCurrency} to ${settleCurrency}`);
    return {
      quotationId: this.#id('QUO'),
      settleCurrency,
      settleAmount: fiatToCrypto(total, orderCurrency, settleCurrency, rateE8).toString(),
      exchangeRate: rateString(rateE8),
      expireTime: rateWindowEnd(now),
    };
  }

  // ---- refund -------------------------------------------------------------------------------------

  refund(merchantId: string, body: Body): Record<string, unknown> {
    const userId = str(body, 'user_id', 64, true);
    const agreementType = oneOf(body, 'agreement_type', AGREEMENT_TYPES);
    const outRefundNo = str(body, 'out_refund_no', 64, true);
    const notifyUrl = str(body, 'notify_url', 512, true);
    str(body, 'refund_reason', 256);
    const amount = money(body, 'refund_amount');
    const prints = fingerprint(body);
    this.settle();
    const first = [...this.refunds.values()].find(
      (r) => r.merchantId === merchantId && r.outRefundNo === outRefundNo,
    );
    if (first !== undefined) {
      if (first.fingerprint !== prints)
        throw new BybitRefusal(40004, 'out_refund_no was used with other parameters');
      if (first.status === 'PROCESSING') throw new BybitRefusal(139003003, first.refundNo);
      return this.refundView(first);
    }
    const trade = this.#findTrade(merchantId, body);
    if (trade.agreementType !== agreementType) throw new BybitRefusal(139001013);
    if (trade.userId !== userId) throw new BybitRefusal(139001010);
    if (trade.status === 'FAILED' || trade.status === 'TIMEOUT')
      throw new BybitRefusal(139002004, `the trade is ${trade.status}`);
    if (trade.status !== 'SUCCESS') throw new BybitRefusal(139003002, `the trade is ${trade.status}`);
    if (amount.currency !== trade.amount.currency || amount.currencyType !== trade.amount.currencyType)
      throw new BybitRefusal(139004002, `the trade was in ${trade.amount.currency}`);
    const open = [...this.refunds.values()].filter(
      (r) => r.tradeNo === trade.tradeNo && r.status === 'PROCESSING',
    );
    if (open.length > 0) throw new BybitRefusal(139003003, open[0]!.refundNo);
    if (amount.total > trade.amount.total - trade.refunded)
      throw new BybitRefusal(139003001, `refundable ${trade.amount.total - trade.refunded}`);
    const refund: Refund = {
      refundNo: this.#id('RFD'),
      outRefundNo,
      tradeNo: trade.tradeNo,
      merchantId,
      amount,
      createdAt: this.#clock.now(),
      notifyUrl,
      fingerprint: prints,
      status: 'PROCESSING',
    };
    this.refunds.set(refund.refundNo, refund);
    if (magicOf(amount.total) === '02') refund.settleAt = refund.createdAt + PROCESSING_MS;
    else this.#settleRefund(refund);
    return this.refundView(refund);
  }

  #findTrade(merchantId: string, body: Body): Trade {
    const tradeNo = str(body, 'trade_no', 64);
    const outTradeNo = str(body, 'out_trade_no', 64);
    if (tradeNo === undefined && outTradeNo === undefined)
      throw param('trade_no or out_trade_no is required');
    const trade = [...this.trades.values()].find(
      (t) =>
        t.merchantId === merchantId &&
        (tradeNo !== undefined ? t.tradeNo === tradeNo : t.outTradeNo === outTradeNo),
    );
    if (trade === undefined) throw new BybitRefusal(139002001);
    return trade;
  }

  /** The money goes back and, through `refunded`, the quota of the deduction's period with it. */
  #settleRefund(refund: Refund): void {
    const trade = this.trades.get(refund.tradeNo)!;
    const now = this.#clock.now();
    refund.status = 'SUCCESS';
    refund.refundTime = now;
    delete refund.settleAt;
    const share =
      trade.crypto === undefined
        ? refund.amount.total
        : (trade.crypto.amount * refund.amount.total) / trade.amount.total;
    const buyer = this.#world.buyers.get(trade.userId)!;
    const currency = trade.crypto?.currency ?? trade.amount.currency;
    buyer.balances.set(currency, (buyer.balances.get(currency) ?? 0n) + share);
    trade.refunded += refund.amount.total;
    this.#notify({
      url: refund.notifyUrl,
      notifyType: 'TRANSACTION_RESULT',
      merchantId: refund.merchantId,
      data: {
        orderNo: trade.orderNo,
        tradeNo: trade.tradeNo,
        outTradeNo: trade.outTradeNo,
        agreementNo: trade.agreementNo,
        refundNo: refund.refundNo,
        outRefundNo: refund.outRefundNo,
        eventType: 'REFUND',
        orderType: 'AGREEMENT_REFUND',
        status: 'SUCCESS',
        refund_amount: moneyJson(refund.amount),
        refundTime: bybitLocalTime(now),
      },
    });
  }

  refundView(r: Refund): Record<string, unknown> {
    return compact({
      refund_no: r.refundNo,
      out_refund_no: r.outRefundNo,
      trade_no: r.tradeNo,
      status: r.status,
      refund_amount: moneyJson(r.amount),
      refund_time: iso(r.refundTime),
      failure_reason: r.failureCode === undefined ? undefined : identifierOf(r.failureCode),
    });
  }

  payQuery(merchantId: string, body: Body): Record<string, unknown> {
    this.settle();
    const recordType = body.record_type === undefined ? 'PAY' : oneOf(body, 'record_type', ['PAY', 'REFUND']);
    if (recordType === 'PAY') return this.tradeView(this.#findTrade(merchantId, body));
    const refundNo = str(body, 'refund_no', 64);
    const outRefundNo = str(body, 'out_refund_no', 64);
    if (refundNo === undefined && outRefundNo === undefined)
      throw param('refund_no or out_refund_no is required');
    const refund = [...this.refunds.values()].find(
      (r) =>
        r.merchantId === merchantId &&
        (refundNo !== undefined ? r.refundNo === refundNo : r.outRefundNo === outRefundNo),
    );
    if (refund === undefined) throw new BybitRefusal(139003004);
    return this.refundView(refund);
  }

  payList(merchantId: string, body: Body): Record<string, unknown> {
    this.settle();
    const pageNo = pageNumber(body.page_no, 1, 1_000_000, 'page_no');
    const pageSize = pageNumber(body.page_size, 20, 100, 'page_size');
    const agreementNo = str(body, 'agreement_no', 64);
    const recordType = body.record_type === undefined ? 'PAY' : oneOf(body, 'record_type', ['PAY', 'REFUND']);
    const status = str(body, 'status', 16);
    const rows =
      recordType === 'PAY'
        ? [...this.trades.values()]
            .filter(
              (t) =>
                t.merchantId === merchantId && (agreementNo === undefined || t.agreementNo === agreementNo),
            )
            .filter((t) => status === undefined || t.status === status)
            .map((t) => this.tradeView(t))
        : [...this.refunds.values()]
            .filter((r) => r.merchantId === merchantId)
            .filter(
              (r) => agreementNo === undefined || this.trades.get(r.tradeNo)?.agreementNo === agreementNo,
            )
            .filter((r) => status === undefined || r.status === status)
            .map((r) => this.refundView(r));
    return {
      total: rows.length,
      page_no: pageNo,
      page_size: pageSize,
      list: rows.slice((pageNo - 1) * pageSize, pageNo * pageSize),
    };
  }

  // ---- time ---------------------------------------------------------------------------------------

  /** Applies what time has decided: sign links timing out, agreements expiring, PROCESSING settling. */
  settle(): void {
    const now = this.#clock.now();
    for (const a of this.agreements.values()) {
      if ((a.status === 'INIT' || a.status === 'PENDING') && now >= a.signExpireAt) {
        a.status = 'TIMEOUT';
        this.#agreementEvent(a, 'TIMEOUT', { timeoutTime: a.signExpireAt }, 'AGREEMENT_TIMEOUT');
      } else if (
        (a.status === 'SIGNED' || a.status === 'SUSPENDED') &&
        a.validUntil !== undefined &&
        now >= a.validUntil
      ) {
        a.status = 'EXPIRED';
        this.#agreementEvent(a, 'UNSIGNED', { unsignTime: a.validUntil, unsignType: 'EXPIRED' });
      }
    }
    for (const t of this.trades.values())
      if (t.settleAt !== undefined && now >= t.settleAt) this.#settleTrade(t);
    for (const r of this.refunds.values())
      if (r.settleAt !== undefined && now >= r.settleAt) this.#settleRefund(r);
  }

  #agreementEvent(
    a: Agreement,
    eventType: string,
    times: Record<string, unknown>,
    notifyType: Webhook['notifyType'] = 'AGREEMENT_STATUS',
  ): void {
    const local = Object.fromEntries(
      Object.entries(times).map(([k, v]) => [k, typeof v === 'number' ? bybitLocalTime(v) : v]),
    );
    this.#notify({
      url: a.notifyUrl,
      notifyType,
      merchantId: a.merchantId,
      data: compact({
        agreementNo: a.agreementNo,
        externalAgreementNo: a.externalAgreementNo,
        agreementType: a.agreementType,
        eventType,
        status: a.status,
        userId: a.userId,
        merchantUserId: a.merchantUserId,
        sceneCode: a.sceneCode,
        ...local,
      }),
    });
  }

  buyers(): readonly Buyer[] {
    return [...this.#world.buyers.values()];
  }

  reset(): void {
    this.agreements.clear();
    this.trades.clear();
    this.refunds.clear();
  }
}

function pageNumber(value: unknown, fallback: number, max: number, name: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > max)
    throw param(`${name} must be from 1 to ${max}`);
  return n as number;
}

export { BUYERS, FIAT_DECIMALS };
