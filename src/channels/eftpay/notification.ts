import type { NotificationAck, NotificationCheck } from '../kit/connector.js';
import { ChannelIoError } from '../port.js';
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
    fields = readVmpMessage(raw, 'notification');
  } catch (error) {
    const message = error instanceof ChannelIoError ? error.message : 'unreadable notification';
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
  };
}

function ack(returnCode: 'success' | 'false', secretCode: string, now: number): NotificationAck {
  const body: Record<string, string> = { return_code: returnCode, time: formatVmpTime(now) };
  body.sign = vmpSign(body, secretCode);
  return { status: 200, contentType: 'application/json;charset=UTF-8', body: JSON.stringify(body) };
}
