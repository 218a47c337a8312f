import type { Json } from './wire.js';

/** The records upay keeps for an order and its refunds, and the requests that make them. */

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

export interface Refund {
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
