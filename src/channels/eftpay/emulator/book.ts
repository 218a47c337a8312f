import type { VmpCurrency, VmpPayType, VmpScene, VmpWallet } from '../protocol.js';

/**
 * What the emulated VMP remembers: sale orders, refunds, and each merchant's EFTPay balance. Plain data
 * and maps; the rules that change them live in operations.ts.
 */

/** A sale's `trade_status` (Appendix 2) as the emulator stores it before time is applied. */
export type SaleStatus =
  | 'TRADE_PROCESSING'
  | 'TRADE_SUCCESS'
  | 'TRADE_FAIL'
  | 'TRADE_CLOSED'
  | 'TRADE_REFUND';
export type RefundTradeStatus = 'APPLY_SUCCESS' | 'TRADE_REFUND' | 'TRADE_CLOSED' | 'TRADE_FAIL';

export interface SaleOrder {
  readonly merchantKey: string;
  readonly eftTradeNo: string;
  readonly outTradeNo: string;
  readonly scene: VmpScene;
  readonly payType: VmpPayType;
  readonly wallet: VmpWallet;
  readonly currency: VmpCurrency;
  /** Minor units. */
  readonly amount: number;
  readonly subject: string;
  readonly tid?: string;
  readonly notifyUrl?: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  status: SaleStatus;
  /** Why a TRADE_CLOSED sale is closed. */
  closedBy?: 'close' | 'expiry' | 'cancel' | 'refund';
  paidAt?: number;
  /** The wallet's own trade number, once paid. */
  transactionId?: string;
  buyerId?: string;
  /** Minor units refunded, counting apply-refunds still waiting (their money is held): the refundable limit. */
  refunded: number;
  /** Minor units of refunds that have completed: what the sale's trade_status shows. */
  refundedSettled: number;
  /** Reversed by a cancel (撤销). */
  cancelled?: boolean;
  readonly qrCode?: string;
  readonly payUrl?: string;
}

export interface RefundOrder {
  readonly merchantKey: string;
  readonly refundNo: string;
  readonly eftRefundNo: string;
  readonly eftTradeNo: string;
  readonly amount: number;
  readonly reason?: string;
  readonly notifyUrl?: string;
  readonly createdAt: number;
  status: RefundTradeStatus;
  /** When an apply-refund settles (APPLY_SUCCESS until then). */
  readonly settlesAt?: number;
  settledAt?: number;
}

export class VmpBook {
  readonly #orders = new Map<string, SaleOrder>();
  readonly #byOutTradeNo = new Map<string, SaleOrder>();
  readonly #refunds = new Map<string, RefundOrder>();
  readonly #balances = new Map<string, number>();
  #seq = 0;

  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  addOrder(order: SaleOrder): void {
    this.#orders.set(order.eftTradeNo, order);
    this.#byOutTradeNo.set(`${order.merchantKey}\n${order.outTradeNo}`, order);
  }

  orderByEft(merchantKey: string, eftTradeNo: string): SaleOrder | undefined {
    const order = this.#orders.get(eftTradeNo);
    return order?.merchantKey === merchantKey ? order : undefined;
  }

  orderByOut(merchantKey: string, outTradeNo: string): SaleOrder | undefined {
    return this.#byOutTradeNo.get(`${merchantKey}\n${outTradeNo}`);
  }

  /** Any merchant's order by its EFTPay number (the buyer's side: a scanned QR code). */
  orderForBuyer(eftTradeNo: string): SaleOrder | undefined {
    return this.#orders.get(eftTradeNo);
  }

  orders(): IterableIterator<SaleOrder> {
    return this.#orders.values();
  }

  addRefund(refund: RefundOrder): void {
    this.#refunds.set(`${refund.merchantKey}\n${refund.refundNo}`, refund);
  }

  refund(merchantKey: string, refundNo: string): RefundOrder | undefined {
    return this.#refunds.get(`${merchantKey}\n${refundNo}`);
  }

  refunds(): IterableIterator<RefundOrder> {
    return this.#refunds.values();
  }

  balance(merchantKey: string): number {
    return this.#balances.get(merchantKey) ?? 0;
  }

  moveBalance(merchantKey: string, delta: number): void {
    this.#balances.set(merchantKey, this.balance(merchantKey) + delta);
  }

  clear(): void {
    this.#orders.clear();
    this.#byOutTradeNo.clear();
    this.#refunds.clear();
    this.#balances.clear();
    this.#seq = 0;
  }
}
