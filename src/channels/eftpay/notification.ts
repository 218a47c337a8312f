import type { NotificationAck, NotificationCheck } from '../kit/connector.js';
import { vmpSign, vmpVerify } from './sign.js';
import { readVmpMessage } from './transport.js';
import { formatVmpTime } from './vmp-time.js';

/**
 * A VMP notification (payment or refund, reference §4) checked over the raw bytes received. It only names
 * the order; the gateway then queries VMP, which is the truth. The answer VMP expects is a signed JSON
 * `{"return_code": "success" | "false", "time", "sign"}`; "false" makes VMP send it again.
 */
export function checkVmpNotification(raw: Buffer, secretCode: string, now: number): NotificationCheck {
  let fields: Record<string, string>;
  try {
    fields = isJsonLike(raw) ? readVmpMessage(raw, 'notification') : readForm(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable notification';
    return { ok: false, code: 'channel_parse_error', message, ack: ack('false', secretCode, now) };
  }
  if (!vmpVerify(fields, secretCode)) {
    return {
      ok: false,
      code: 'channel_sign_error',
      message: 'the notification fails signature verification',
      ack: ack('false', secretCode, now),
    };
  }
  const channelTradeNo = fields.eft_trade_no ?? fields.eftpay_trade_no;
  return {
    ok: true,
    ...(fields.out_trade_no ? { outTradeNo: fields.out_trade_no } : {}),
    ...(channelTradeNo ? { channelTradeNo } : {}),
    ...(fields.trade_type === 'REFUND' && fields.refund_no ? { refundNo: fields.refund_no } : {}),
    ack: ack('success', secretCode, now),
    // An order this configuration does not know: VMP's own "false", so it sends the notification again.
    reject: ack('false', secretCode, now),
  };
}

function isJsonLike(raw: Buffer): boolean {
  return /^\s*[{[]/.test(raw.toString('utf8').replace(/^\uFEFF/, ''));
}

/**
 * The same fields posted as a form (`k=v&…`, URL-encoded). VMP documents JSON; a form is read too because
 * the notification page does not show its encoding, and the fields and signature are the same either way.
 */
function readForm(raw: Buffer): Record<string, string> {
  const text = raw.toString('utf8').trim();
  if (!/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(text))
    throw new Error('the notification is neither JSON nor a form');
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(text)) fields[key] = value;
  if (fields.sign === undefined) throw new Error('the notification has no sign');
  return fields;
}

function ack(returnCode: 'success' | 'false', secretCode: string, now: number): NotificationAck {
  const body: Record<string, string> = { return_code: returnCode, time: formatVmpTime(now) };
  body.sign = vmpSign(body, secretCode);
  return { status: 200, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(body) };
}
