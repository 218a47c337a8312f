import type { NotificationAck, NotificationCheck } from '../kit/connector.js';
import { parseJsonBody } from '../kit/http-client.js';
import { PAYCOOLS_CALLBACK_ACK } from './protocol.js';
import { paycoolsVerify } from './sign.js';

/**
 * A PayCools callback (collection, refund or disbursement) checked over the raw bytes. It only names the
 * order; the gateway then queries PayCools. PayCools retries until the answer is `{"code": 1, …}`; a
 * refusal answers another code so that it is sent again (by then the cause may be fixed).
 */

const ACK: NotificationAck = {
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(PAYCOOLS_CALLBACK_ACK),
};
const NACK: NotificationAck = {
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify({ code: 0, msg: 'fail', data: {} }),
};

/** `re` + the 24 random characters of a polypay refund id. */
const DERIVED_REFUND = /^re[A-Za-z0-9]{24}$/;

export interface PaycoolsCallback {
  readonly eventName: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The callback's fields if it reads and verifies, else why not. */
export function readPaycoolsCallback(
  raw: Buffer,
  secret: string,
):
  | PaycoolsCallback
  | { readonly code: 'channel_sign_error' | 'channel_parse_error'; readonly message: string } {
  let fields: Record<string, unknown>;
  try {
    const parsed = parseJsonBody(raw, 'notification');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not a JSON object');
    fields = parsed as Record<string, unknown>;
  } catch (error) {
    return { code: 'channel_parse_error', message: (error as Error).message };
  }
  if (!paycoolsVerify(fields, secret))
    return { code: 'channel_sign_error', message: 'the notification fails signature verification' };
  return { eventName: typeof fields.eventName === 'string' ? fields.eventName : '', fields };
}

export function checkPaycoolsNotification(raw: Buffer, secret: string): NotificationCheck {
  const read = readPaycoolsCallback(raw, secret);
  if ('code' in read) return { ok: false, code: read.code, message: read.message, ack: NACK };
  const f = read.fields;
  const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const isRefund = read.eventName.startsWith('payment.refund.');
  if (read.eventName.startsWith('disbursement.')) {
    const orderId = str(f.mchOrderId);
    if (orderId?.startsWith('tr'))
      return { ok: true, transferId: `tr_${orderId.slice(2)}`, ack: ACK, reject: NACK };
    return { ok: true, ack: ACK, reject: NACK };
  }
  const mchOrderId = str(f.mchOrderId);
  const chargeId = !isRefund && mchOrderId?.startsWith('ch') ? `ch_${mchOrderId.slice(2)}` : undefined;
  const channelTradeNo = isRefund ? str(f.originalTransactionId) : str(f.transactionId);
  const refundOrderId = isRefund ? str(f.mchRefundOrderId) : undefined;
  // A refund number PayCools could not take as it is was sent as polypay's refund id (refundOrderIdOf).
  const refundId =
    refundOrderId && DERIVED_REFUND.test(refundOrderId) ? `re_${refundOrderId.slice(2)}` : undefined;
  const refundNo = refundId === undefined ? refundOrderId : undefined;
  return {
    ok: true,
    ...(chargeId ? { chargeId } : {}),
    ...(chargeId === undefined && channelTradeNo ? { channelTradeNo } : {}),
    ...(refundNo ? { refundNo } : {}),
    ...(refundId ? { refundId } : {}),
    ack: ACK,
    reject: NACK,
  };
}
