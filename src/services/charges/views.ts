import type { Charge, ChargeFlow, Refund } from '../../store/index.js';

/** A charge as the API, events and webhooks show it. Times are epoch milliseconds. */
export interface ChargeView {
  readonly id: string;
  readonly object: 'charge';
  readonly livemode: boolean;
  readonly out_trade_no: string;
  readonly amount: number;
  readonly amount_refunded: number;
  readonly amount_refundable: number;
  readonly currency: string;
  readonly fee: number;
  readonly status: string;
  /** The result of the latest operation on the charge (Shouqianba's biz result vocabulary). */
  readonly biz_result: string | null;
  readonly payway: string;
  readonly sub_payway: string | null;
  readonly subject: string;
  readonly description: string | null;
  readonly metadata: Record<string, string>;
  readonly qr_code: string | null;
  readonly pay_url: string | null;
  readonly auth_code: string | null;
  readonly buyer_id: string | null;
  readonly channel: string | null;
  readonly channel_trade_no: string | null;
  readonly store_id: string | null;
  readonly terminal_sn: string | null;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly paid: boolean;
  readonly settled: boolean;
  readonly created_at: number;
  /** When a payment still open is given up (the pay deadline, or the charge's own expiry). */
  readonly expires_at: number | null;
  readonly paid_at: number | null;
  readonly settled_at: number | null;
  readonly canceled_at: number | null;
  readonly closed_at: number | null;
  readonly voided_at: number | null;
  readonly flows: readonly FlowView[];
}

export interface FlowView {
  readonly id: string;
  readonly kind: string;
  readonly status: string;
  readonly biz_result: string | null;
  readonly amount: number;
  readonly refund_id: string | null;
  readonly error_code: string | null;
  readonly error_message: string | null;
  /** The channel's own answer when it caused the error: provider, code and message verbatim. */
  readonly channel_error: { provider: string; code: string; message: string } | null;
  readonly created_at: number;
  readonly updated_at: number;
}

export interface RefundView {
  readonly id: string;
  readonly object: 'refund';
  readonly charge_id: string;
  readonly refund_no: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
  readonly reason: string | null;
  readonly funded_from_pending: number;
  readonly funded_from_available: number;
  readonly failure_code: string | null;
  readonly failure_message: string | null;
  readonly created_at: number;
  readonly updated_at: number;
  readonly succeeded_at: number | null;
}

export function toFlowView(flow: ChargeFlow): FlowView {
  return {
    id: flow.id,
    kind: flow.kind,
    status: flow.status,
    biz_result: flow.biz_result,
    amount: flow.amount,
    refund_id: flow.refund_id,
    error_code: flow.error_code,
    error_message: flow.error_message,
    channel_error: flow.channel_error ? (JSON.parse(flow.channel_error) as FlowView['channel_error']) : null,
    created_at: flow.created_at,
    updated_at: flow.updated_at,
  };
}

export function toChargeView(charge: Charge, flows: readonly ChargeFlow[], livemode: boolean): ChargeView {
  const paidStatuses = ['PAID', 'PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR'];
  const refundable = paidStatuses.includes(charge.status) ? charge.amount - charge.amount_refunded : 0;
  return {
    id: charge.id,
    object: 'charge',
    livemode,
    out_trade_no: charge.out_trade_no,
    amount: charge.amount,
    amount_refunded: charge.amount_refunded,
    amount_refundable: refundable,
    currency: charge.currency,
    fee: charge.fee,
    status: charge.status,
    biz_result: flows.at(-1)?.biz_result ?? null,
    payway: charge.payway,
    sub_payway: charge.sub_payway,
    subject: charge.subject,
    description: charge.description,
    metadata: charge.metadata ? (JSON.parse(charge.metadata) as Record<string, string>) : {},
    qr_code: charge.qr_code,
    pay_url: charge.pay_url,
    auth_code: charge.auth_code_masked,
    buyer_id: charge.buyer_id,
    channel: charge.channel,
    channel_trade_no: charge.channel_trade_no,
    store_id: charge.store_id,
    terminal_sn: charge.terminal_sn,
    failure_code: charge.failure_code,
    failure_message: charge.failure_message,
    paid: charge.paid_at !== null,
    settled: charge.settled_at !== null,
    created_at: charge.created_at,
    expires_at: charge.expires_at,
    paid_at: charge.paid_at,
    settled_at: charge.settled_at,
    canceled_at: charge.canceled_at,
    closed_at: charge.closed_at,
    voided_at: charge.voided_at,
    flows: flows.map(toFlowView),
  };
}

export function toRefundView(refund: Refund): RefundView {
  return {
    id: refund.id,
    object: 'refund',
    charge_id: refund.charge_id,
    refund_no: refund.refund_no,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    funded_from_pending: refund.funded_from_pending,
    funded_from_available: refund.funded_from_available,
    failure_code: refund.failure_code,
    failure_message: refund.failure_message,
    created_at: refund.created_at,
    updated_at: refund.updated_at,
    succeeded_at: refund.succeeded_at,
  };
}

/** A barcode is a bearer credential: keep only enough to recognise it. */
export function maskAuthCode(code: string): string {
  return code.length <= 8
    ? '*'.repeat(code.length)
    : `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}
