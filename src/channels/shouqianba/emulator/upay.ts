import { randomBytes, randomInt } from 'node:crypto';
import { daysBetween, isSameLocalDay, localDate } from '../../../domain/calendar.js';
import type { Clock } from '../../../domain/clock.js';
import { checkBuyerLimits, checkSellerDailyLimit, checkStoreDailyLimit } from '../../../domain/limits.js';
import { sandboxBuyerId } from '../../sandbox/barcode.js';
import { CONFIRM_MS, readBuyerCode } from './magic.js';
import { bizAnswer, type Json, messageOf } from './wire.js';

/**
 * The upay system as the emulator keeps it: one vendor, one merchant with one store, its terminals, and
 * their orders, with Shouqianba's rules (seed 001, SQB-DOC). Every method runs without awaiting between
 * its checks and its changes, so concurrent calls (two refunds of one order) are serialised by the event
 * loop as a database row lock would serialise them.
 */

export const SHANGHAI = 'Asia/Shanghai';
/** A QR code can be paid for about 4 minutes, then upay cancels the order (precreate.md FAQ 1). */
export const QR_VALIDITY_MS = 240_000;
/** A wallet barcode refreshes about every minute; after that the wallet calls it expired. */
export const BARCODE_VALIDITY_MS = 60_000;
/** Refunds are possible for three months after payment (refund.md FAQ 2); taken as 90 days. */
export const REFUND_WINDOW_DAYS = 90;
/** An uncertain refund (REFUND_ERROR) is settled by Shouqianba: the money reaches the buyer this much later. */
export const REFUND_ERROR_SETTLE_MS = 60_000;
/** An activation code is valid for 7 days (activate.md FAQ 2). */
export const ACTIVATION_CODE_VALIDITY_MS = 7 * 86_400_000;
export const ACTIVATION_CODE_USES = 10;

export interface UpayLimits {
  /** Most one buyer's wallet pays in one payment (BUYER_OVER_TRANSACTION_LIMIT). */
  buyerPerTransaction: number;
  /** Most one buyer's wallet pays per day (BUYER_OVER_DAILY_LIMIT). */
  buyerDaily: number;
  /** Most the merchant's account at one wallet collects per day (SELLER_OVER_DAILY_LIMIT). */
  sellerDaily: number;
  /** Most the store collects per day at Shouqianba, all wallets together (UPAY_STORE_OVER_DAILY_LIMIT). */
  storeDaily: number;
}

export const DEFAULT_LIMITS: UpayLimits = {
  buyerPerTransaction: 500_000,
  buyerDaily: 2_000_000,
  sellerDaily: 20_000_000,
  storeDaily: 50_000_000,
};

/** Wallets the emulated merchant has a contract for; 5 (JD) and 6 (QQ) answer UNEXPECTED_PROVIDER_ERROR. */
export const DEFAULT_CONTRACTED_PAYWAYS: readonly string[] = ['1', '3', '4'];
/** Baifubao refunds only whole orders (REFUND_AMT_NOT_EQUAL_TOTAL otherwise). */
const FULL_REFUND_ONLY_PAYWAYS = new Set(['4']);
/** Payway codes upay knows (seed 001 plus 2, which the docs use as Alipay too). */
export const KNOWN_PAYWAYS = new Set(['1', '2', '3', '4', '5', '6']);

export type OrderStatus =
  | 'CREATED'
  | 'PAID'
  | 'PAY_CANCELED'
  | 'PAY_ERROR'
  | 'REFUNDED'
  | 'PARTIAL_REFUNDED'
  | 'REFUND_ERROR'
  | 'CANCELED'
  | 'CANCEL_ERROR'
  | 'CANCEL_INPROGRESS';

export interface Terminal {
  readonly sn: string;
  key: string;
  /** The key a checkin replaced: still accepted by checkin, whose answer may have been lost. */
  previousKey?: string;
  readonly deviceId: string;
  readonly clientSn?: string;
  status: 'ACTIVE' | 'DISABLED';
}

interface Refund {
  readonly requestNo: string;
  readonly amount: number;
  readonly clientTsn: string;
  status: 'SUCCESS' | 'IN_PROG' | 'REFUND_ERROR' | 'FAILED';
  finishTime?: number;
  settleAt?: number;
}

interface Pending {
  readonly at: number;
  readonly to: 'PAID' | 'PAY_CANCELED' | 'CANCELED';
  readonly code?: string;
}

export interface Order {
  readonly sn: string;
  readonly clientSn: string;
  readonly terminalSn: string;
  readonly payway: string;
  readonly subPayway: string;
  readonly totalAmount: number;
  netAmount: number;
  readonly subject: string;
  readonly operator: string;
  readonly ctime: number;
  readonly reflect?: string;
  readonly notifyUrl?: string;
  readonly description?: string;
  orderStatus: OrderStatus;
  /** Flow status of the latest transaction. */
  status: string;
  tradeNo?: string;
  payerUid?: string;
  payerLogin?: string;
  buyerKey?: string;
  finishTime?: number;
  channelFinishTime?: number;
  qrCode?: string;
  wapPayRequest?: Json;
  expiresAt?: number;
  promotion?: boolean;
  pending?: Pending;
  /** The business error the order's payment ended with (TRADE_TIMEOUT for an auto-cancelled one). */
  error?: string;
  readonly refunds: Map<string, Refund>;
  /** When money came in (PAID), for the store's daily takings. */
  paidAt?: number;
  /** The NN of the magic barcode it was paid with, if any. */
  readonly magic?: string;
  /** The buyer's barcode, for barcode orders. */
  dynamicId?: string;
}

export interface PayRequest {
  readonly terminalSn: string;
  readonly clientSn: string;
  readonly totalAmount: number;
  readonly dynamicId: string;
  readonly payway?: string;
  readonly subject: string;
  readonly operator: string;
  readonly description?: string;
  readonly reflect?: string;
  readonly notifyUrl?: string;
}

export interface PrecreateRequest {
  readonly terminalSn: string;
  readonly clientSn: string;
  readonly totalAmount: number;
  readonly payway: string;
  readonly subPayway: string;
  readonly payerUid?: string;
  readonly subject: string;
  readonly operator: string;
  readonly description?: string;
  readonly reflect?: string;
  readonly notifyUrl?: string;
}

export interface OrderRef {
  readonly sn?: string;
  readonly clientSn?: string;
}

export interface RefundRequest extends OrderRef {
  readonly requestNo: string;
  readonly amount: number;
  readonly clientTsn?: string;
}

/** A world answer a scenario queued for this call (scenarios.ts); undefined for the normal path. */
export type WorldCode = string | undefined;

/** Called when an order becomes PAID, for the payment notification. */
export type PaidListener = (order: Order) => void;

const PAID_STATUSES = new Set<OrderStatus>(['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR']);
const FLOW_FAULTS = new Set([
  'FAIL_IO_1',
  'FAIL_IO_2',
  'FAIL_PROTOCOL_1',
  'FAIL_PROTOCOL_2',
  'FAIL_PROTOCOL_3',
]);
const WALLET_REFUSALS = new Set([
  'INVALID_BARCODE',
  'INSUFFICIENT_FUND',
  'EXPIRED_BARCODE',
  'BUYER_OVER_DAILY_LIMIT',
  'BUYER_OVER_TRANSACTION_LIMIT',
  'SELLER_OVER_DAILY_LIMIT',
  'TRADE_FAILED',
  'TRADE_HAS_SUCCESS',
]);

const CANCEL_WORLD = new Set([
  'CANCEL_ERROR',
  'CANCEL_ABORT_ERROR',
  'CANCEL_IN_PROGRESS',
  'CANCEL_ABORT_IN_PROGRESS',
  'TRADE_NOT_EXIST',
  'SELLER_BALANCE_NOT_ENOUGH',
]);

/** World codes each operation can be told to answer (besides the outer codes). */
export const WORLD_CODES: Readonly<Record<string, ReadonlySet<string>>> = {
  pay: new Set([
    'PAY_IN_PROGRESS',
    'PAY_FAIL_ERROR',
    'PAY_FAIL_IN_PROGRESS',
    ...FLOW_FAULTS,
    ...WALLET_REFUSALS,
  ]),
  precreate: new Set(['PRECREATE_FAIL_ERROR', 'PRECREATE_FAIL_IN_PROGRESS', 'TRADE_FAILED']),
  query: new Set(['INVALID_STATUS_CODE', 'TRADE_NOT_EXIST']),
  cancel: CANCEL_WORLD,
  revoke: CANCEL_WORLD,
  refund: new Set(['REFUND_ERROR', 'REFUND_IN_PROGRESS', 'SELLER_BALANCE_NOT_ENOUGH', 'TRADE_NOT_EXIST']),
};

function digits(length: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < length) out += String(randomInt(0, 10));
  return out;
}

export class Upay {
  readonly vendorSn = digits(8);
  readonly vendorKey = randomBytes(16).toString('hex');
  readonly appId = `2026${digits(8)}`;
  readonly merchantSn = `1680${digits(8)}`;
  readonly storeSn = `1580${digits(8)}`;
  limits: UpayLimits = { ...DEFAULT_LIMITS };
  contractedPayways = new Set(DEFAULT_CONTRACTED_PAYWAYS);

  readonly #clock: Clock;
  readonly #codes = new Map<string, { expiresAt: number; usesLeft: number }>();
  readonly #terminals = new Map<string, Terminal>();
  readonly #devices = new Set<string>();
  readonly #orders = new Map<string, Order>();
  readonly #byClientSn = new Map<string, Order>();
  readonly #barcodes = new Map<string, { firstSeen: number; paidAt?: number }>();
  readonly #onPaid: PaidListener;

  constructor(clock: Clock, onPaid: PaidListener = () => {}) {
    this.#clock = clock;
    this.#onPaid = onPaid;
  }

  // ---------------------------------------------------------------------------------------------------
  // Activation codes and terminals.

  issueActivationCode(uses = ACTIVATION_CODE_USES): string {
    const code = digits(8);
    this.#codes.set(code, { expiresAt: this.#clock.now() + ACTIVATION_CODE_VALIDITY_MS, usesLeft: uses });
    return code;
  }

  terminal(sn: string): Terminal | undefined {
    return this.#terminals.get(sn);
  }

  /** Activates a terminal, or says why not (outer INVALID_PARAMS with the doc's wording). */
  activate(input: { code: string; deviceId: string; clientSn?: string }): Terminal | { refusal: string } {
    const code = this.#codes.get(input.code);
    if (code === undefined) return { refusal: '激活码不存在' };
    if (code.expiresAt <= this.#clock.now()) return { refusal: '激活码已过期' };
    if (code.usesLeft <= 0) return { refusal: '激活码已经被使用' };
    if (this.#devices.has(input.deviceId)) return { refusal: '设备号重复' };
    code.usesLeft -= 1;
    this.#devices.add(input.deviceId);
    const terminal: Terminal = {
      sn: `100${digits(8)}`,
      key: randomBytes(16).toString('hex'),
      deviceId: input.deviceId,
      ...(input.clientSn === undefined ? {} : { clientSn: input.clientSn }),
      status: 'ACTIVE',
    };
    this.#terminals.set(terminal.sn, terminal);
    return terminal;
  }

  checkin(terminal: Terminal): Terminal {
    terminal.previousKey = terminal.key;
    terminal.key = randomBytes(16).toString('hex');
    return terminal;
  }

  /** The back office disables (or enables again) a terminal. */
  setTerminalStatus(sn: string, status: Terminal['status']): boolean {
    const terminal = this.#terminals.get(sn);
    if (terminal === undefined) return false;
    terminal.status = status;
    return true;
  }

  // ---------------------------------------------------------------------------------------------------
  // Orders.

  find(ref: OrderRef): Order | undefined {
    const order =
      (ref.sn === undefined ? undefined : (this.#orders.get(ref.sn) ?? this.#byTradeNo(ref.sn))) ??
      (ref.clientSn === undefined ? undefined : this.#byClientSn.get(ref.clientSn));
    if (order !== undefined) this.refresh(order);
    return order;
  }

  /** Orders with something due (a settling payment, cancel or refund, an expiring QR code). */
  refreshAll(): void {
    for (const order of this.#orders.values()) {
      if (
        order.pending !== undefined ||
        order.expiresAt !== undefined ||
        order.orderStatus === 'REFUND_ERROR'
      )
        this.refresh(order);
    }
  }

  /** Applies what time has decided: settled payments, expired QR codes, finished cancels and refunds. */
  refresh(order: Order): void {
    const now = this.#clock.now();
    if (order.orderStatus === 'CREATED' && order.expiresAt !== undefined && order.expiresAt <= now) {
      order.expiresAt = undefined;
      order.pending = undefined;
      this.#fail(order, 'TRADE_TIMEOUT', order.ctime + QR_VALIDITY_MS);
    }
    const pending = order.pending;
    if (pending !== undefined && pending.at <= now) {
      order.pending = undefined;
      if (pending.to === 'PAID') this.#paid(order, pending.at);
      else if (pending.to === 'PAY_CANCELED') this.#fail(order, pending.code ?? 'TRADE_FAILED', pending.at);
      else this.#canceled(order, pending.at);
    }
    for (const refund of order.refunds.values()) {
      if (refund.settleAt !== undefined && refund.settleAt <= now) {
        refund.settleAt = undefined;
        this.#refunded(order, refund, now);
      }
    }
  }

  pay(request: PayRequest, world: WorldCode): Json {
    const now = this.#clock.now();
    const early = this.#beforeOrder(request.clientSn, request.totalAmount, 'PAY_FAIL');
    if (early !== undefined) return early;
    const buyer = readBuyerCode(request.dynamicId);
    const payway =
      request.payway ?? (buyer?.wallet === 'wechat' ? '3' : buyer?.wallet === 'alipay' ? '1' : undefined);
    const order = this.#newOrder({ ...request, payway: payway ?? '1', subPayway: '1' }, now, buyer?.magic);
    if (buyer === undefined || payway === undefined) return this.#payFail(order, 'INVALID_BARCODE');
    if (!this.contractedPayways.has(payway)) return this.#payFail(order, 'UNEXPECTED_PROVIDER_ERROR');
    order.buyerKey = buyer.buyerKey;
    order.dynamicId = request.dynamicId;

    // What the world behind upay answers, when a scenario says so.
    if (world !== undefined) {
      if (WALLET_REFUSALS.has(world)) return this.#payFail(order, world);
      if (world === 'PAY_IN_PROGRESS') {
        order.pending = { at: now + CONFIRM_MS, to: 'PAID' };
        return bizAnswer('PAY_IN_PROGRESS', this.view(order));
      }
      const status = FLOW_FAULTS.has(world) ? world : world === 'PAY_FAIL_ERROR' ? 'FAIL_ERROR' : 'FAIL_IO_2';
      order.orderStatus = 'PAY_ERROR';
      order.status = status;
      order.finishTime = now;
      return bizAnswer(
        world === 'PAY_FAIL_IN_PROGRESS' ? 'PAY_FAIL_IN_PROGRESS' : 'PAY_FAIL_ERROR',
        this.view(order),
      );
    }

    // The wallet: the barcode, the buyer's balance and limits, the merchant's account limit.
    const refusal = this.#walletRefusal(request.dynamicId, buyer, payway, request.totalAmount, now);
    if (buyer.magic === undefined && !this.#barcodes.has(request.dynamicId))
      this.#barcodes.set(request.dynamicId, { firstSeen: now });
    if (refusal !== undefined) return this.#payFail(order, refusal);
    const behaviour = buyer.behaviour;
    if (behaviour.kind === 'refuses') return this.#payFail(order, behaviour.code);
    if (behaviour.kind === 'confirms_later') {
      order.pending = {
        at: now + behaviour.afterMs,
        to: behaviour.outcome,
        ...(behaviour.code === undefined ? {} : { code: behaviour.code }),
      };
      return bizAnswer('PAY_IN_PROGRESS', this.view(order));
    }
    if (behaviour.kind === 'pays_with_promotion') order.promotion = true;
    this.#paid(order, now);
    return bizAnswer('PAY_SUCCESS', this.view(order));
  }

  precreate(request: PrecreateRequest, world: WorldCode): Json {
    const now = this.#clock.now();
    const early = this.#beforeOrder(request.clientSn, request.totalAmount, 'PRECREATE_FAIL');
    if (early !== undefined) return early;
    if (!this.contractedPayways.has(request.payway))
      return bizAnswer('PRECREATE_FAIL', undefined, { code: 'UNEXPECTED_PROVIDER_ERROR' });
    const order = this.#newOrder(request, now, undefined);
    if (world === 'TRADE_FAILED') {
      this.#fail(order, 'TRADE_FAILED', now);
      return bizAnswer('PRECREATE_FAIL', this.view(order), { code: 'TRADE_FAILED' });
    }
    if (world === 'PRECREATE_FAIL_ERROR' || world === 'PRECREATE_FAIL_IN_PROGRESS') {
      order.orderStatus = 'PAY_ERROR';
      order.status = world === 'PRECREATE_FAIL_ERROR' ? 'FAIL_ERROR' : 'FAIL_IO_2';
      return bizAnswer(world, this.view(order));
    }
    const token = randomBytes(9).toString('base64url');
    if (request.subPayway === '2') {
      order.qrCode =
        request.payway === '3' ? `weixin://wxpay/bizpayurl?pr=${token}` : `https://qr.alipay.com/bax${token}`;
    } else {
      order.wapPayRequest = {
        appId: `wx${digits(16)}`,
        timeStamp: String(Math.floor(now / 1000)),
        nonceStr: randomBytes(8).toString('hex'),
        package: `prepay_id=wx${digits(20)}`,
        signType: 'MD5',
        paySign: randomBytes(16).toString('hex').toUpperCase(),
      };
    }
    order.expiresAt = now + QR_VALIDITY_MS;
    return bizAnswer('PRECREATE_SUCCESS', this.view(order));
  }

  /** The buyer scans a precreated code and pays with their wallet (`buyerCode` as if it were their barcode). */
  buyerPays(order: Order, buyerCode: string | undefined): { ok: true } | { ok: false; reason: string } {
    this.refresh(order);
    if (order.subPayway === '1') return { ok: false, reason: 'not a QR or wap order' };
    if (order.orderStatus !== 'CREATED' || order.pending !== undefined)
      return { ok: false, reason: `the order is ${order.orderStatus}` };
    const now = this.#clock.now();
    const buyer = readBuyerCode(buyerCode ?? `28${digits(16)}`);
    if (buyer === undefined) return { ok: false, reason: 'buyer code is not a barcode' };
    order.buyerKey = buyer.buyerKey;
    order.expiresAt = undefined;
    const refusal = this.#limitRefusal(buyer.buyerKey, order.payway, order.totalAmount, now);
    const behaviour = buyer.behaviour;
    if (refusal !== undefined) this.#fail(order, refusal, now);
    else if (behaviour.kind === 'refuses') this.#fail(order, behaviour.code, now);
    else if (behaviour.kind === 'confirms_later')
      order.pending = {
        at: now + behaviour.afterMs,
        to: behaviour.outcome,
        ...(behaviour.code === undefined ? {} : { code: behaviour.code }),
      };
    else {
      if (behaviour.kind === 'pays_with_promotion') order.promotion = true;
      this.#paid(order, now);
    }
    return { ok: true };
  }

  /** The order; with `refundRequestNo`, the order as that refund left it (the refund's flow as `status`). */
  query(ref: OrderRef & { refundRequestNo?: string }, world: WorldCode): Json {
    const order = this.find(ref);
    if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
    if (world === 'TRADE_NOT_EXIST') return bizAnswer('FAIL', undefined, { code: 'TRADE_NOT_EXIST' });
    if (ref.refundRequestNo !== undefined) {
      const refund = order.refunds.get(ref.refundRequestNo);
      if (refund === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
      const data = this.view(order, refund);
      data.status = REFUND_FLOW_STATUS[refund.status];
      if (world === 'INVALID_STATUS_CODE') data.order_status = 'INVALID_STATUS_CODE';
      return bizAnswer('SUCCESS', data);
    }
    const data = this.view(order);
    if (world === 'INVALID_STATUS_CODE') data.order_status = 'INVALID_STATUS_CODE';
    return bizAnswer(
      'SUCCESS',
      data,
      order.error === 'TRADE_TIMEOUT' ? { code: 'TRADE_TIMEOUT' } : undefined,
    );
  }

  /** cancel (automatic reversal) and revoke (manual same-day cancel) run the same logic (revoke&cancel.md). */
  cancel(ref: OrderRef, world: WorldCode, kind: 'cancel' | 'revoke'): Json {
    const now = this.#clock.now();
    const order = this.find(ref);
    if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
    if (order.orderStatus === 'CANCELED')
      return bizAnswer('FAIL', this.view(order), { code: 'UPAY_CANCEL_ORDER_NOOP' });
    if (order.orderStatus === 'CANCEL_INPROGRESS') return bizAnswer('CANCEL_IN_PROGRESS', this.view(order));
    const inProgress = order.orderStatus === 'CREATED';
    const refundedAny =
      order.refunds.size > 0 && [...order.refunds.values()].some((r) => r.status !== 'FAILED');
    if (
      refundedAny ||
      !isSameLocalDay(order.ctime, now, SHANGHAI) ||
      !['PAID', 'CREATED', 'PAY_ERROR', 'CANCEL_ERROR'].includes(order.orderStatus) ||
      (kind === 'revoke' && inProgress)
    ) {
      return bizAnswer('FAIL', undefined, {
        code: 'UPAY_CANCEL_INVALID_ORDER_STATE',
        message: refundedAny ? '订单已退款，不可撤单' : messageOf('UPAY_CANCEL_INVALID_ORDER_STATE'),
      });
    }
    if (order.promotion)
      return bizAnswer('CANCEL_ERROR', undefined, {
        code: 'UPAY_TCP_ORDER_NOT_REFUNDABLE',
        message: `订单${order.sn}参与了活动并且无法撤销`,
      });
    const abort = inProgress && order.subPayway === '1';
    switch (world) {
      case 'TRADE_NOT_EXIST':
      case 'SELLER_BALANCE_NOT_ENOUGH':
        order.status = 'CANCEL_ERROR';
        return bizAnswer('FAIL', this.view(order), { code: world });
      case 'CANCEL_ERROR':
      case 'CANCEL_ABORT_ERROR':
        order.pending = undefined;
        order.expiresAt = undefined;
        order.orderStatus = 'CANCEL_ERROR';
        order.status = 'CANCEL_ERROR';
        return bizAnswer(world, this.view(order));
      case 'CANCEL_IN_PROGRESS':
      case 'CANCEL_ABORT_IN_PROGRESS':
        order.expiresAt = undefined;
        order.orderStatus = 'CANCEL_INPROGRESS';
        order.status = 'IN_PROG';
        order.pending = { at: now + CONFIRM_MS, to: 'CANCELED' };
        return bizAnswer(world, this.view(order));
      default:
        break;
    }
    order.pending = undefined;
    order.expiresAt = undefined;
    this.#canceled(order, now);
    return bizAnswer(abort ? 'CANCEL_ABORT_SUCCESS' : 'CANCEL_SUCCESS', this.view(order));
  }

  refund(request: RefundRequest, world: WorldCode): Json {
    const now = this.#clock.now();
    const order = this.find(request);
    if (order === undefined) return bizAnswer('FAIL', undefined, { code: 'UPAY_ORDER_NOT_EXISTS' });
    const earlier = order.refunds.get(request.requestNo);
    if (earlier !== undefined && earlier.status !== 'FAILED') {
      // The same refund_request_no again: the retry of a refund, never a new one.
      if (earlier.status === 'SUCCESS')
        return bizAnswer('FAIL', this.view(order, earlier), { code: 'UPAY_REFUND_ORDER_NOOP' });
      return bizAnswer(
        earlier.status === 'IN_PROG' ? 'REFUND_IN_PROGRESS' : 'REFUND_ERROR',
        this.view(order, earlier),
      );
    }
    const stateRefusal = this.#refundStateRefusal(order, now);
    if (stateRefusal !== undefined)
      return bizAnswer('FAIL', undefined, { code: 'UPAY_REFUND_INVALID_ORDER_STATE', message: stateRefusal });
    if (FULL_REFUND_ONLY_PAYWAYS.has(order.payway) && request.amount !== order.totalAmount)
      return bizAnswer('FAIL', undefined, { code: 'REFUND_AMT_NOT_EQUAL_TOTAL' });
    if (request.amount > order.netAmount)
      return bizAnswer('FAIL', undefined, {
        code: 'REFUNDABLE_AMOUNT_NOT_ENOUGH',
        message: `订单可退金额不足，可退金额${order.netAmount}分`,
      });
    if (this.#storeBalance(now) < request.amount)
      return bizAnswer('FAIL', undefined, { code: 'ACCOUNT_BALANCE_NOT_ENOUGH' });
    const refund: Refund = {
      requestNo: request.requestNo,
      amount: request.amount,
      clientTsn: request.clientTsn ?? `${order.clientSn}-${request.requestNo}`,
      status: 'IN_PROG',
    };
    order.refunds.set(refund.requestNo, refund);
    // The amount is held from now on, so that concurrent refunds cannot exceed the order together.
    order.netAmount -= refund.amount;
    switch (world) {
      case 'TRADE_NOT_EXIST':
      case 'SELLER_BALANCE_NOT_ENOUGH':
        refund.status = 'FAILED';
        order.netAmount += refund.amount;
        order.status = 'REFUND_ERROR';
        return bizAnswer('FAIL', this.view(order, refund), { code: world });
      case 'REFUND_IN_PROGRESS':
        refund.settleAt = now + CONFIRM_MS;
        order.status = 'IN_PROG';
        return bizAnswer('REFUND_IN_PROGRESS', this.view(order, refund));
      case 'REFUND_ERROR':
        refund.status = 'REFUND_ERROR';
        refund.settleAt = now + REFUND_ERROR_SETTLE_MS;
        order.status = 'REFUND_ERROR';
        order.orderStatus = 'REFUND_ERROR';
        return bizAnswer('REFUND_ERROR', this.view(order, refund));
      default:
        this.#refunded(order, refund, now);
        return bizAnswer('REFUND_SUCCESS', this.view(order, refund));
    }
  }

  /** The order as upay's answers and notifications show it: every value a string, times in ms. */
  view(order: Order, refund?: Refund): Json {
    const time = (ms: number | undefined) => (ms === undefined ? '' : String(ms));
    return {
      sn: order.sn,
      client_sn: order.clientSn,
      ...(refund === undefined ? {} : { client_tsn: refund.clientTsn }),
      ctime: String(order.ctime),
      status: order.status,
      order_status: order.orderStatus,
      payway: order.payway,
      payway_name: PAYWAY_NAMES[order.payway] ?? '',
      sub_payway: order.subPayway,
      trade_no: order.tradeNo ?? '',
      total_amount: String(order.totalAmount),
      net_amount: String(order.netAmount),
      ...(refund === undefined ? {} : { refund_amount: String(refund.amount) }),
      payer_uid: order.payerUid ?? '',
      payer_login: order.payerLogin ?? '',
      finish_time: time(refund?.finishTime ?? order.finishTime),
      channel_finish_time: time(refund?.finishTime ?? order.channelFinishTime),
      subject: order.subject,
      operator: order.operator,
      terminal_sn: order.terminalSn,
      store_id: this.storeSn,
      ...(order.description === undefined ? {} : { description: order.description }),
      ...(order.reflect === undefined ? {} : { reflect: order.reflect }),
      ...(order.qrCode === undefined ? {} : { qr_code: order.qrCode }),
      ...(order.wapPayRequest === undefined ? {} : { wap_pay_request: order.wapPayRequest }),
      ...(PAID_STATUSES.has(order.orderStatus) || order.orderStatus === 'CANCELED'
        ? { payment_list: paymentList(order) }
        : {}),
    };
  }

  // ---------------------------------------------------------------------------------------------------

  /** Checks made before an order exists: the merchant's order number and the store's daily limit. */
  #beforeOrder(clientSn: string, amount: number, failResult: string): Json | undefined {
    if (this.#byClientSn.has(clientSn))
      return bizAnswer(failResult, undefined, {
        code: 'CLIENT_SN_CONFLICT',
        message: `client_sn ${clientSn}在系统中已存在`,
      });
    const now = this.#clock.now();
    const store = checkStoreDailyLimit({
      amount,
      dailyLimit: this.limits.storeDaily,
      paidToday: this.#paidToday(now, () => true),
    });
    if (!store.ok) return bizAnswer(failResult, undefined, { code: 'UPAY_STORE_OVER_DAILY_LIMIT' });
    return undefined;
  }

  #newOrder(request: Omit<PrecreateRequest, 'payerUid'>, now: number, magic: string | undefined): Order {
    let sn = `789${digits(13)}`;
    while (this.#orders.has(sn)) sn = `789${digits(13)}`;
    const order: Order = {
      sn,
      clientSn: request.clientSn,
      terminalSn: request.terminalSn,
      payway: request.payway,
      subPayway: request.subPayway,
      totalAmount: request.totalAmount,
      netAmount: request.totalAmount,
      subject: request.subject,
      operator: request.operator,
      ctime: now,
      ...(request.reflect === undefined ? {} : { reflect: request.reflect }),
      ...(request.notifyUrl === undefined ? {} : { notifyUrl: request.notifyUrl }),
      ...(request.description === undefined ? {} : { description: request.description }),
      ...(magic === undefined ? {} : { magic }),
      orderStatus: 'CREATED',
      status: 'IN_PROG',
      tradeNo: channelTradeNo(request.payway, now),
      refunds: new Map(),
    };
    this.#orders.set(order.sn, order);
    this.#byClientSn.set(order.clientSn, order);
    return order;
  }

  #byTradeNo(tradeNo: string): Order | undefined {
    for (const order of this.#orders.values()) if (order.tradeNo === tradeNo) return order;
    return undefined;
  }

  #payFail(order: Order, code: string): Json {
    this.#fail(order, code, this.#clock.now());
    return bizAnswer('PAY_FAIL', this.view(order), { code });
  }

  #fail(order: Order, code: string, at: number): void {
    order.orderStatus = 'PAY_CANCELED';
    order.status = 'FAIL_CANCELED';
    order.error = code;
    order.finishTime = at;
  }

  #paid(order: Order, at: number): void {
    const wallet = order.payway === '3' ? 'wechat' : 'alipay';
    order.orderStatus = 'PAID';
    order.status = 'SUCCESS';
    order.paidAt = at;
    order.finishTime = at;
    order.channelFinishTime = at - (at % 1000);
    order.payerUid = sandboxBuyerId(wallet, order.buyerKey ?? order.sn);
    order.payerLogin = wallet === 'wechat' ? order.payerUid : `${order.payerUid.slice(4, 7)}***@example.com`;
    const barcode = order.dynamicId === undefined ? undefined : this.#barcodes.get(order.dynamicId);
    if (barcode !== undefined) barcode.paidAt = at;
    this.#onPaid(order);
  }

  #canceled(order: Order, at: number): void {
    order.orderStatus = 'CANCELED';
    order.status = 'SUCCESS';
    order.netAmount = 0;
    order.finishTime = at;
  }

  #refunded(order: Order, refund: Refund, at: number): void {
    refund.status = 'SUCCESS';
    refund.finishTime = at;
    order.status = 'SUCCESS';
    order.orderStatus = order.netAmount === 0 ? 'REFUNDED' : 'PARTIAL_REFUNDED';
  }

  #walletRefusal(
    barcode: string,
    buyer: NonNullable<ReturnType<typeof readBuyerCode>>,
    payway: string,
    amount: number,
    now: number,
  ): string | undefined {
    if (buyer.magic === undefined) {
      const seen = this.#barcodes.get(barcode);
      if (seen?.paidAt !== undefined && now - seen.paidAt < BARCODE_VALIDITY_MS) return 'TRADE_HAS_SUCCESS';
      if (seen !== undefined && (seen.paidAt !== undefined || now - seen.firstSeen >= BARCODE_VALIDITY_MS))
        return 'EXPIRED_BARCODE';
    }
    return this.#limitRefusal(buyer.buyerKey, payway, amount, now);
  }

  #limitRefusal(buyerKey: string, payway: string, amount: number, now: number): string | undefined {
    const buyerCheck = checkBuyerLimits({
      amount,
      perChargeLimit: this.limits.buyerPerTransaction,
      dailyLimit: this.limits.buyerDaily,
      buyerPaidToday: this.#paidToday(now, (o) => o.buyerKey === buyerKey),
    });
    if (!buyerCheck.ok)
      return buyerCheck.code === 'buyer_over_transaction_limit'
        ? 'BUYER_OVER_TRANSACTION_LIMIT'
        : 'BUYER_OVER_DAILY_LIMIT';
    const seller = checkSellerDailyLimit({
      amount,
      dailyLimit: this.limits.sellerDaily,
      paidToday: this.#paidToday(now, (o) => o.payway === payway),
    });
    return seller.ok ? undefined : 'SELLER_OVER_DAILY_LIMIT';
  }

  /** Sum of today's payments (local day in Shanghai) of the orders `which` selects. */
  #paidToday(now: number, which: (order: Order) => boolean): number {
    const today = localDate(now, SHANGHAI);
    let sum = 0;
    for (const order of this.#orders.values()) {
      if (order.paidAt !== undefined && localDate(order.paidAt, SHANGHAI) === today && which(order))
        sum += order.totalAmount;
    }
    return sum;
  }

  /**
   * The store's unsettled balance: today's takings less today's refunds and reversals. Earlier days have
   * been settled to the merchant's bank account, so refunds of old orders draw on today's takings.
   */
  #storeBalance(now: number): number {
    const today = localDate(now, SHANGHAI);
    let balance = 0;
    for (const order of this.#orders.values()) {
      if (order.paidAt !== undefined && localDate(order.paidAt, SHANGHAI) === today) {
        balance += order.orderStatus === 'CANCELED' ? 0 : order.totalAmount;
      }
      for (const refund of order.refunds.values()) {
        if (
          refund.status !== 'FAILED' &&
          (refund.finishTime === undefined || localDate(refund.finishTime, SHANGHAI) === today)
        )
          balance -= refund.amount;
      }
    }
    return balance;
  }

  #refundStateRefusal(order: Order, now: number): string | undefined {
    switch (order.orderStatus) {
      case 'PAID':
      case 'PARTIAL_REFUNDED':
        break;
      case 'REFUNDED':
        return '订单已全额退款,可退金额不足';
      case 'REFUND_ERROR':
        return '订单有退款处理中，请稍后再试';
      default:
        return messageOf('UPAY_REFUND_INVALID_ORDER_STATE');
    }
    const paidDay = localDate(order.paidAt ?? order.ctime, SHANGHAI);
    if (daysBetween(paidDay, localDate(now, SHANGHAI)) > REFUND_WINDOW_DAYS) return '订单已超过可退款期限';
    return undefined;
  }
}

const REFUND_FLOW_STATUS: Readonly<Record<Refund['status'], string>> = {
  SUCCESS: 'SUCCESS',
  IN_PROG: 'IN_PROG',
  REFUND_ERROR: 'REFUND_ERROR',
  FAILED: 'FAIL_CANCELED',
};

const PAYWAY_NAMES: Readonly<Record<string, string>> = {
  '1': '支付宝',
  '2': '支付宝',
  '3': '微信',
  '4': '百付宝',
  '5': '京东',
  '6': 'QQ钱包',
};

/** The channel's own trade number, shaped as the wallet writes it. */
function channelTradeNo(payway: string, now: number): string {
  const day = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return payway === '3' ? `4200${digits(6)}${day}${digits(10)}` : `${day}22001${digits(15)}`;
}

function paymentList(order: Order): Json[] {
  if (!order.promotion || order.totalAmount < 2)
    return [{ type: 'WALLET', amount_total: String(order.totalAmount) }];
  const discount = Math.min(100, order.totalAmount - 1);
  return [
    { type: 'BANKCARD_DEBIT', amount_total: String(order.totalAmount - discount) },
    { type: 'DISCOUNT_CHANNEL_MCH', amount_total: String(discount) },
  ];
}
