import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { ConnectorContext, NotificationCheck, NotificationHeaders } from '../kit/connector.js';

const WEBHOOK_SKEW_MS = 5 * 60_000;

/**
 * A webhook checked over its raw bytes: `X-Signature` = base64 SHA256withRSA over
 * `X-Timestamp + X-Nonce + body` under the platform key (`platform_public_key`), timestamp within 5 minutes.
 * It names the agreement or trade; the gateway then queries, since the query is the truth.
 */
export function checkBybitWebhook(
  ctx: ConnectorContext,
  raw: Buffer,
  headers: NotificationHeaders,
): NotificationCheck {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const ack = { status: 200, contentType: 'text/plain', body: 'success' };
  const nack = { status: 400, contentType: 'text/plain', body: 'fail' };
  const timestamp = header('x-timestamp') ?? '';
  const nonce = header('x-nonce') ?? '';
  const signature = header('x-signature') ?? '';
  let key: KeyObject;
  try {
    key = createPublicKey(ctx.credentials.platform_public_key ?? '');
  } catch {
    return {
      ok: false,
      code: 'channel_sign_error',
      message: 'no platform_public_key to verify with',
      ack: nack,
    };
  }
  const verified =
    signature !== '' &&
    createVerify('RSA-SHA256')
      .update(Buffer.concat([Buffer.from(`${timestamp}${nonce}`), raw]))
      .verify(key, signature, 'base64');
  if (!verified)
    return { ok: false, code: 'channel_sign_error', message: 'webhook signature does not verify', ack: nack };
  if (!/^\d{13}$/.test(timestamp) || Math.abs(ctx.clock.now() - Number(timestamp)) > WEBHOOK_SKEW_MS)
    return {
      ok: false,
      code: 'channel_sign_error',
      message: 'webhook timestamp is more than 5 minutes off',
      ack: nack,
    };
  let data: Record<string, unknown>;
  try {
    data = ((JSON.parse(raw.toString('utf8')) as { data?: Record<string, unknown> }).data ?? {}) as Record<
      string,
      unknown
    >;
  } catch {
    return { ok: false, code: 'channel_parse_error', message: 'webhook body is not JSON', ack: nack };
  }
  return {
    ok: true,
    // An agreement event names our agreement by externalAgreementNo; a transaction our deduction by outTradeNo.
    ...(typeof data.outTradeNo === 'string'
      ? { outTradeNo: data.outTradeNo }
      : typeof data.externalAgreementNo === 'string'
        ? { outTradeNo: data.externalAgreementNo }
        : {}),
    ...(typeof data.tradeNo === 'string' ? { channelTradeNo: data.tradeNo } : {}),
    ...(typeof data.outRefundNo === 'string' ? { refundNo: data.outRefundNo } : {}),
    ack,
  };
}
