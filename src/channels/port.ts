import type { BizResult, ChargeStatus, FlowStatus } from '../domain/statuses.js';
import type { ChannelErrorDetail } from '../errors/polypay-error.js';

export type SubPayway = 'barcode' | 'qrcode' | 'wap';

export interface ChannelCharge {
  readonly chargeId: string;
  readonly merchantId: string;
  readonly outTradeNo: string;
  readonly amount: number;
  readonly currency: string;
  readonly payway: string;
  readonly subPayway: SubPayway;
  readonly subject: string;
  /** The buyer's barcode, for `barcode` charges. */
  readonly authCode?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly createdAt: number;
  /** Epoch ms when a QR/wap payment window closes, when the merchant chose it (else the channel's own). */
  readonly expiresAt?: number;
}

export interface ChannelRefund {
  readonly refundId: string;
  readonly refundNo: string;
  readonly amount: number;
  /** Amount already refunded on the charge before this refund. */
  readonly refundedBefore: number;
  readonly reason?: string;
  /** Epoch ms the refund was created; channels that settle refunds over time (the sandbox) count from it. */
  readonly createdAt?: number;
}

/**
 * What the channel said about one operation, in Shouqianba's vocabulary (DESIGN §Statuses): the
 * operation's biz result, the flow status, and the channel's view of the order. `error` is set when the
 * operation did not succeed, with the unified code and the upstream answer kept verbatim.
 */
export interface ChannelOutcome {
  readonly bizResult: BizResult;
  readonly flowStatus: FlowStatus;
  readonly orderStatus?: ChargeStatus;
  readonly channelTradeNo?: string;
  readonly buyerId?: string;
  readonly qrCode?: string;
  readonly payUrl?: string;
  readonly error?: { readonly code: string; readonly channelError?: ChannelErrorDetail };
}

/** Refund-capability and window of a channel for one payway. */
export interface RefundPolicy {
  readonly windowDays: number;
  readonly allowPartial: boolean;
  readonly allowFull: boolean;
}

/** A channel's amount limits for one payway, in minor units; an absent limit means none. */
export interface ChannelLimits {
  /** Most one buyer can pay in one charge (Shouqianba BUYER_OVER_TRANSACTION_LIMIT above it). */
  readonly buyerPerCharge?: number;
  /** Most one buyer can pay per local day (BUYER_OVER_DAILY_LIMIT). */
  readonly buyerDaily?: number;
  /** Most the merchant can collect per local day (SELLER_OVER_DAILY_LIMIT). */
  readonly sellerDaily?: number;
}

/**
 * The port every channel implements. Calls may throw `ChannelIoError` when the outcome is unknown
 * (timeout, reset, garbled answer); they never throw for a business refusal, which is an outcome.
 */
export interface Channel {
  readonly name: string;
  refundPolicy(payway: string): RefundPolicy;
  /** Amount limits the channel enforces, for pre-flight checks; absent when the channel publishes none. */
  limits?(payway: string): ChannelLimits;
  /**
   * The buyer behind a barcode, when the channel can tell before charging it (the sandbox can; a real
   * wallet enforces its buyer limits itself and answers BUYER_OVER_* instead).
   */
  identifyBuyer?(authCode: string): string | undefined;
  /** Barcode (B scans C): the buyer's code is charged now. */
  pay(charge: ChannelCharge): Promise<ChannelOutcome>;
  /** QR code or wap: an order the buyer pays later; answers a QR code or a pay URL. */
  precreate(charge: ChannelCharge): Promise<ChannelOutcome>;
  query(charge: ChannelCharge): Promise<ChannelOutcome>;
  /** Reversal (撤单/冲正): undoes a paid charge the same day, or aborts one in progress. */
  cancel(charge: ChannelCharge): Promise<ChannelOutcome>;
  close(charge: ChannelCharge): Promise<ChannelOutcome>;
  void(charge: ChannelCharge): Promise<ChannelOutcome>;
  refund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome>;
  queryRefund(charge: ChannelCharge, refund: ChannelRefund): Promise<ChannelOutcome>;
}

/** The call's outcome is unknown: the request may or may not have taken effect upstream. */
export class ChannelIoError extends Error {
  /** FAIL_IO_* for transport failures, FAIL_PROTOCOL_* for answers we could not read. */
  readonly flowStatus: FlowStatus;
  readonly code: 'channel_connection_error' | 'channel_parse_error' | 'channel_sign_error';

  constructor(flowStatus: FlowStatus, code: ChannelIoError['code'], message: string) {
    super(message);
    this.name = 'ChannelIoError';
    this.flowStatus = flowStatus;
    this.code = code;
  }
}

/** What decides which channel serves a new charge. */
export interface ChargeRoute {
  readonly appId: string;
  readonly mode: 'test' | 'live';
  readonly payway: string;
  readonly subPayway: SubPayway;
  readonly currency: string;
}

/** Which channel serves an app's charges. */
export interface ChannelRegistry {
  /** The channel for a new charge; undefined when none serves it. */
  forCharge(route: ChargeRoute): Promise<Channel | undefined>;
  /** The channel recorded on an existing charge (`sandbox`, `<provider>:<configId>`). */
  byName(name: string): Promise<Channel | undefined>;
}
