import type { Clock } from '../../../domain/clock.js';
import { sandboxBuyerId } from '../../sandbox/barcode.js';
import { channelTradeNo, digits } from './ids.js';
import { orderView } from './order-view.js';
import type { Order, OrderRef, PaidListener, PrecreateRequest, Refund } from './orders.js';
import { QR_VALIDITY_MS } from './rules.js';
import { Takings } from './takings.js';
import type { Json } from './wire.js';

/**
 * Upay's orders, found by sn, client_sn or the wallet's trade number, and the state changes they go
 * through as payments, cancels and refunds finish or time decides them. The operations (payments.ts,
 * cancels.ts, refunds.ts, queries.ts) work on it.
 */
export class OrderBook {
  readonly takings = new Takings();
  /** Ordinary barcodes seen, for expiry and reuse (magic ones never expire). */
  readonly barcodes = new Map<string, { firstSeen: number; paidAt?: number }>();
  readonly #clock: Clock;
  readonly #storeSn: string;
  readonly #onPaid: PaidListener;
  readonly #orders = new Map<string, Order>();
  readonly #byClientSn = new Map<string, Order>();
  readonly #byTradeNo = new Map<string, Order>();
  /** Orders with something due (a settling payment, cancel or refund, an expiring QR code). */
  readonly #active = new Set<Order>();

  constructor(clock: Clock, storeSn: string, onPaid: PaidListener) {
    this.#clock = clock;
    this.#storeSn = storeSn;
    this.#onPaid = onPaid;
  }

  now(): number {
    return this.#clock.now();
  }

  find(ref: OrderRef): Order | undefined {
    const order =
      (ref.sn === undefined ? undefined : (this.#orders.get(ref.sn) ?? this.#byTradeNo.get(ref.sn))) ??
      (ref.clientSn === undefined ? undefined : this.#byClientSn.get(ref.clientSn));
    if (order !== undefined) this.refresh(order);
    return order;
  }

  hasClientSn(clientSn: string): boolean {
    return this.#byClientSn.has(clientSn);
  }

  create(request: Omit<PrecreateRequest, 'payerUid'>, now: number, magic: string | undefined): Order {
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
    if (order.tradeNo !== undefined) this.#byTradeNo.set(order.tradeNo, order);
    return order;
  }

  /** Settles what is due on every order that has something pending (the emulator sweeps this). */
  refreshAll(): void {
    for (const order of this.#active) this.refresh(order);
  }

  /** Applies what time has decided: settled payments, expired QR codes, finished cancels and refunds. */
  refresh(order: Order): void {
    const now = this.#clock.now();
    if (order.orderStatus === 'CREATED' && order.expiresAt !== undefined && order.expiresAt <= now) {
      order.expiresAt = undefined;
      order.pending = undefined;
      this.fail(order, 'TRADE_TIMEOUT', order.ctime + QR_VALIDITY_MS);
    }
    const pending = order.pending;
    if (pending !== undefined && pending.at <= now) {
      order.pending = undefined;
      if (pending.to === 'PAID') this.paid(order, pending.at);
      else if (pending.to === 'PAY_CANCELED') this.fail(order, pending.code ?? 'TRADE_FAILED', pending.at);
      else this.canceled(order, pending.at);
    }
    for (const refund of order.refunds.values()) {
      if (refund.settleAt !== undefined && refund.settleAt <= now) {
        refund.settleAt = undefined;
        this.refunded(order, refund, now);
      }
    }
    this.track(order);
  }

  /** Keeps `order` in the sweep while something about it is due, and only then. */
  track(order: Order): void {
    const due =
      order.pending !== undefined ||
      order.expiresAt !== undefined ||
      [...order.refunds.values()].some((refund) => refund.settleAt !== undefined);
    if (due) this.#active.add(order);
    else this.#active.delete(order);
  }

  /** Tracks the order of `clientSn`, if there is one (after a pay or precreate, whatever it answered). */
  trackClientSn(clientSn: string): void {
    const order = this.#byClientSn.get(clientSn);
    if (order !== undefined) this.track(order);
  }

  fail(order: Order, code: string, at: number): void {
    order.orderStatus = 'PAY_CANCELED';
    order.status = 'FAIL_CANCELED';
    order.error = code;
    order.finishTime = at;
  }

  paid(order: Order, at: number): void {
    const wallet = order.payway === '3' ? 'wechat' : 'alipay';
    order.orderStatus = 'PAID';
    order.status = 'SUCCESS';
    order.paidAt = at;
    this.takings.addPayment(order.buyerKey ?? order.sn, order.payway, order.totalAmount, at);
    order.finishTime = at;
    order.channelFinishTime = at - (at % 1000);
    order.payerUid = sandboxBuyerId(wallet, order.buyerKey ?? order.sn);
    order.payerLogin = wallet === 'wechat' ? order.payerUid : `${order.payerUid.slice(4, 7)}***@example.com`;
    const barcode = order.dynamicId === undefined ? undefined : this.barcodes.get(order.dynamicId);
    if (barcode !== undefined) barcode.paidAt = at;
    this.#onPaid(order);
  }

  canceled(order: Order, at: number): void {
    if (order.paidAt !== undefined) this.takings.addBalance(at, -order.netAmount);
    order.orderStatus = 'CANCELED';
    order.status = 'SUCCESS';
    order.netAmount = 0;
    order.finishTime = at;
  }

  refunded(order: Order, refund: Refund, at: number): void {
    refund.status = 'SUCCESS';
    refund.finishTime = at;
    order.status = 'SUCCESS';
    order.orderStatus = order.netAmount === 0 ? 'REFUNDED' : 'PARTIAL_REFUNDED';
  }

  view(order: Order, refund?: Refund): Json {
    return orderView(order, this.#storeSn, refund);
  }
}
