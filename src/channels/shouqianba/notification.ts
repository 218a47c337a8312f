import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { ConnectorContext, NotificationCheck, NotificationHeaders } from '../kit/connector.js';

/**
 * Reads a payment notification (pay.md: POSTed to notify_url on payment success). It is checked over its
 * raw bytes with Shouqianba's RSA public key (`sqb_public_key`: SHA256withRSA, base64, in the
 * Authorization header) and only says which order it concerns: the gateway then queries, because the
 * query, not the notification, is the truth. upay retries until the answer's body is `success`.
 */

const ACK_OK = { status: 200, contentType: 'text/plain; charset=utf-8', body: 'success' } as const;
const ACK_REFUSED = { status: 400, contentType: 'text/plain; charset=utf-8', body: 'fail' } as const;

const keys = new Map<string, KeyObject>();

function publicKey(pem: string): KeyObject {
  let key = keys.get(pem);
  if (key === undefined) {
    key = createPublicKey(pem);
    keys.set(pem, key);
  }
  return key;
}

function header(headers: NotificationHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function checkShouqianbaNotification(
  ctx: ConnectorContext,
  raw: Buffer,
  headers: NotificationHeaders,
): NotificationCheck {
  const refuse = (
    code: 'channel_sign_error' | 'channel_parse_error',
    message: string,
  ): NotificationCheck => ({
    ok: false,
    code,
    message,
    ack: ACK_REFUSED,
  });
  const pem = ctx.credentials.sqb_public_key;
  if (!pem) return refuse('channel_sign_error', 'no sqb_public_key is configured to verify notifications');
  const signature = header(headers, 'authorization')?.trim();
  if (!signature) return refuse('channel_sign_error', 'the notification carries no Authorization signature');
  let valid: boolean;
  try {
    valid = createVerify('RSA-SHA256').update(raw).verify(publicKey(pem), signature, 'base64');
  } catch {
    valid = false;
  }
  if (!valid) return refuse('channel_sign_error', "the notification's signature does not verify");
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return refuse('channel_parse_error', 'the notification is not JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return refuse('channel_parse_error', 'the notification is not a JSON object');
  const order = body as Record<string, unknown>;
  const sn = typeof order.sn === 'string' && order.sn !== '' ? order.sn : undefined;
  const clientSn =
    typeof order.client_sn === 'string' && order.client_sn !== '' ? order.client_sn : undefined;
  if (sn === undefined && clientSn === undefined)
    return refuse('channel_parse_error', 'the notification names no order (sn, client_sn)');
  return {
    ok: true,
    ...(sn === undefined ? {} : { channelTradeNo: sn }),
    // Our client_sn is the charge id (client.ts).
    ...(clientSn === undefined ? {} : { chargeId: clientSn }),
    ack: ACK_OK,
  };
}
