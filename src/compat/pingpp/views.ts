import type { ChargeView, RefundView } from '../../services/charges/views.js';
import type { EventView } from '../../services/events.js';
import type { TransferView } from '../../services/transfers/views.js';
import { chargeChannelOf } from './channels.js';

/** Ping++ times are epoch seconds. */
const seconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));

const REFUNDED_STATUSES: ReadonlySet<string> = new Set(['PARTIAL_REFUNDED', 'REFUNDED', 'REFUND_ERROR']);

const REFUND_STATUS: Record<string, string> = {
  PENDING: 'pending',
  REFUND_ERROR: 'pending',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
};

/** A polypay refund as Ping++'s `refund` object. */
export function toPingppRefund(refund: RefundView, chargeOrderNo?: string): Record<string, unknown> {
  const status = REFUND_STATUS[refund.status] ?? 'pending';
  return {
    id: refund.id,
    object: 'refund',
    order_no: refund.refund_no,
    amount: refund.amount,
    created: seconds(refund.created_at),
    succeed: status === 'succeeded',
    status,
    time_succeed: seconds(refund.succeeded_at),
    description: refund.reason ?? '',
    failure_code: refund.failure_code,
    failure_msg: refund.failure_message,
    metadata: {},
    charge: refund.charge_id,
    ...(chargeOrderNo !== undefined ? { charge_order_no: chargeOrderNo } : {}),
    transaction_no: null,
    // Ping++: unsettled_funds (the charge's unsettled proceeds) or recharge_funds (the available balance).
    funding_source: refund.funded_from_available > 0 ? 'recharge_funds' : 'unsettled_funds',
    extra: {},
  };
}

/** A QR code or pay page as the credential of the Ping++ channel that shows it. */
function credentialOf(charge: ChargeView, channel: string): Record<string, unknown> {
  const value = charge.qr_code ?? charge.pay_url;
  return value ? { object: 'credential', [channel]: value } : { object: 'credential' };
}

/** What a Ping++ charge request carried beyond polypay's charge (kept by the Ping++ API, see charges.ts). */
export interface PingppRequestFields {
  readonly client_ip: string;
  readonly description: string | null;
  /** The request's `extra`, without the buyer's `scan_code`. */
  readonly extra: Record<string, unknown>;
}

/** A polypay charge as Ping++'s `charge` object. */
export function toPingppCharge(
  charge: ChargeView,
  appId: string,
  refunds: readonly RefundView[],
  request?: PingppRequestFields,
): Record<string, unknown> {
  const channel = chargeChannelOf(charge.payway, charge.sub_payway);
  const open = charge.sub_payway === 'qrcode' || charge.sub_payway === 'wap';
  return {
    id: charge.id,
    object: 'charge',
    created: seconds(charge.created_at),
    livemode: charge.livemode,
    paid: charge.paid,
    // Ping++: whether the charge has any refund, whatever became of it.
    refunded: refunds.length > 0 || charge.amount_refunded > 0 || REFUNDED_STATUSES.has(charge.status),
    reversed: charge.status === 'CANCELED',
    app: appId,
    channel,
    order_no: charge.out_trade_no,
    client_ip: request?.client_ip ?? null,
    amount: charge.amount,
    amount_settle: charge.amount - charge.fee,
    currency: charge.currency.toLowerCase(),
    subject: charge.subject,
    body: charge.description ?? '',
    // The buyer's code is never kept whole: the answer shows it masked.
    extra: { ...request?.extra, ...(charge.auth_code ? { scan_code: charge.auth_code } : {}) },
    time_paid: seconds(charge.paid_at),
    time_expire: open ? seconds(charge.expires_at) : null,
    time_settle: seconds(charge.settled_at),
    transaction_no: charge.channel_trade_no,
    refunds: {
      object: 'list',
      url: `/v1/charges/${charge.id}/refunds`,
      has_more: false,
      data: refunds.map((refund) => toPingppRefund(refund, charge.out_trade_no)),
    },
    amount_refunded: charge.amount_refunded,
    failure_code: charge.failure_code,
    failure_msg: charge.failure_message,
    metadata: charge.metadata,
    credential: credentialOf(charge, channel),
    description: request?.description ?? null,
  };
}

const TRANSFER_STATUS: Record<string, string> = {
  PENDING: 'pending',
  PAID: 'paid',
  FAILED: 'failed',
  CANCELED: 'canceled',
};

const RED_ENVELOPE_STATUS: Record<string, string> = {
  PENDING: 'sending',
  PAID: 'sent',
  FAILED: 'failed',
  CANCELED: 'refunded',
};

/**
 * What a Ping++ transfer or red envelope request carried beyond polypay's payout (kept by payouts.ts;
 * none for payouts made through polypay's own API).
 */
export interface PingppPayoutFields {
  /** The Ping++ channel asked for: `wx`, `wx_pub` and `wx_lite` are one wallet-user destination. */
  readonly channel: string;
  readonly metadata: Record<string, string>;
  /** The request's `extra`, without the fields the destination holds (answered from it). */
  readonly extra: Record<string, unknown>;
  /** A red envelope's `body`. */
  readonly body: string | null;
}

/** What the Ping++ request of an object carried: a charge's, or a transfer's or red envelope's. */
export interface PingppObjectFields {
  readonly charge?: PingppRequestFields;
  readonly payout?: PingppPayoutFields;
}

/**
 * The Ping++ channel and recipient of a payout destination: the channel its request named, else the one
 * the destination implies (a wallet user's is `wx_pub`).
 */
function recipientOf(
  transfer: TransferView,
  request?: PingppPayoutFields,
): {
  channel: string;
  recipient: string;
  extra: Record<string, unknown>;
} {
  const { channel, recipient, extra } = destinationRecipientOf(transfer);
  return request
    ? { channel: request.channel, recipient, extra: { ...request.extra, ...extra } }
    : { channel, recipient, extra };
}

function destinationRecipientOf(transfer: TransferView): {
  channel: string;
  recipient: string;
  extra: Record<string, unknown>;
} {
  const d = transfer.destination;
  switch (d.type) {
    case 'bank_account':
      return {
        channel: 'unionpay',
        recipient: String(d.account_no),
        extra: { user_name: d.account_name, card_number: d.account_no, open_bank_code: d.bank_code },
      };
    case 'ewallet':
      return {
        channel: 'alipay',
        recipient: String(d.account_no),
        extra: { recipient_name: d.account_name },
      };
    default:
      return { channel: 'wx_pub', recipient: String(d.user_id), extra: d.name ? { user_name: d.name } : {} };
  }
}

/** A polypay transfer as Ping++'s `transfer` object. */
export function toPingppTransfer(
  transfer: TransferView,
  appId: string,
  livemode: boolean,
  request?: PingppPayoutFields,
): Record<string, unknown> {
  const { channel, recipient, extra } = recipientOf(transfer, request);
  return {
    id: transfer.id,
    object: 'transfer',
    type: 'b2c',
    created: seconds(transfer.created_at),
    time_transferred: transfer.status === 'PAID' ? seconds(transfer.finished) : null,
    livemode,
    status: TRANSFER_STATUS[transfer.status] ?? 'pending',
    app: appId,
    channel,
    order_no: transfer.out_transfer_no,
    batch_no: null,
    amount: transfer.amount,
    amount_settle: transfer.amount,
    currency: transfer.currency.toLowerCase(),
    recipient,
    description: transfer.remark ?? '',
    transaction_no: transfer.channel_transfer_no,
    failure_msg: transfer.failure_message,
    failure_code: transfer.failure_code,
    extra: { ...extra, ...(transfer.action_url ? { action_url: transfer.action_url } : {}) },
    metadata: request?.metadata ?? {},
  };
}

/** A polypay red envelope as Ping++'s `red_envelope` object. */
export function toPingppRedEnvelope(
  envelope: TransferView,
  appId: string,
  livemode: boolean,
  request?: PingppPayoutFields,
): Record<string, unknown> {
  const { channel, recipient } = recipientOf(envelope, request);
  return {
    id: envelope.id,
    object: 'red_envelope',
    created: seconds(envelope.created_at),
    received: null,
    refunded: envelope.status === 'CANCELED' ? seconds(envelope.finished) : null,
    livemode,
    status: RED_ENVELOPE_STATUS[envelope.status] ?? 'sending',
    app: appId,
    channel,
    order_no: envelope.out_transfer_no,
    transaction_no: envelope.channel_transfer_no,
    amount: envelope.amount,
    amount_settle: envelope.amount,
    currency: envelope.currency.toLowerCase(),
    recipient,
    subject: envelope.remark ?? '',
    body: request?.body ?? envelope.remark ?? '',
    description: envelope.remark ?? '',
    failure_msg: envelope.failure_message,
    failure_code: envelope.failure_code,
    extra: request?.extra ?? {},
    metadata: request?.metadata ?? {},
  };
}

/** polypay event types whose Ping++ name differs. */
export const EVENT_TYPES: Readonly<Record<string, string>> = {
  'red_envelope.succeeded': 'red_envelope.sent',
  'red_envelope.reversed': 'red_envelope.refunded',
};

/** Any polypay object as Ping++ writes it (objects Ping++ has no name for keep polypay's form). */
export function toPingppObject(
  object: unknown,
  appId: string,
  livemode: boolean,
  request: PingppObjectFields = {},
): unknown {
  const value = object as { object?: string } | null;
  switch (value?.object) {
    case 'charge':
      return toPingppCharge(value as ChargeView, appId, [], request.charge);
    case 'refund':
      return toPingppRefund(value as RefundView);
    case 'transfer':
      return toPingppTransfer(value as TransferView, appId, livemode, request.payout);
    case 'red_envelope':
      return toPingppRedEnvelope(value as TransferView, appId, livemode, request.payout);
    default:
      return object;
  }
}

/** A polypay event as Ping++'s `event` object (what Ping++ webhooks POST and `GET /v1/events/{id}` answers). */
export function toPingppEvent(
  event: EventView,
  livemode: boolean,
  appId = '',
  request: PingppObjectFields = {},
): Record<string, unknown> {
  return {
    id: event.id,
    object: 'event',
    created: seconds(event.created),
    livemode,
    type: EVENT_TYPES[event.type] ?? event.type,
    data: { object: toPingppObject(event.data.object, appId, livemode, request) },
    pending_webhooks: 0,
    request: null,
  };
}
