import { createHmac, timingSafeEqual } from 'node:crypto';

export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookSignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_outside_tolerance'
  | 'no_matching_signature'
  | 'invalid_payload';

/** Why a webhook was refused: answer the sender 400 and do not act on it. */
export class WebhookSignatureError extends Error {
  readonly reason: WebhookSignatureFailure;

  constructor(reason: WebhookSignatureFailure, message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
    this.reason = reason;
  }
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/**
 * Verifies a webhook and answers its event, as stripe-node's `constructEvent` does: `payload` is the raw
 * body exactly as received, `header` the `Polypay-Signature` header (`t=<unix>,v1=<hex>[,v1=…]`),
 * `secret` the endpoint's `whsec_…`. Refuses a timestamp more than `toleranceSeconds` from now.
 */
export function constructEvent<T = WebhookEventLike>(
  payload: string | Uint8Array,
  header: string | readonly string[] | null | undefined,
  secret: string,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  nowMs: number = Date.now(),
): T {
  const raw = Array.isArray(header) ? header[0] : header;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new WebhookSignatureError('missing_header', 'The Polypay-Signature header is missing.');
  }
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of raw.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new WebhookSignatureError('malformed_header', `Malformed part "${part}".`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,15}$/.test(value) || timestamp !== undefined)
        throw new WebhookSignatureError(
          'malformed_header',
          'Polypay-Signature needs exactly one numeric t=.',
        );
      timestamp = Number(value);
    } else if (key === 'v1') signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) {
    throw new WebhookSignatureError('malformed_header', 'Polypay-Signature needs t= and v1=.');
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    throw new WebhookSignatureError(
      'timestamp_outside_tolerance',
      `The signature timestamp ${timestamp} is more than ${toleranceSeconds} s from now (${nowSeconds}).`,
    );
  }
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  const expected = createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest();
  let matched = false;
  for (const signature of signatures) {
    const ok = HEX_SHA256.test(signature) && timingSafeEqual(expected, Buffer.from(signature, 'hex'));
    matched = ok || matched;
  }
  if (!matched) {
    throw new WebhookSignatureError(
      'no_matching_signature',
      'No v1 signature matches the payload and secret.',
    );
  }
  try {
    return JSON.parse(body.toString('utf8')) as T;
  } catch {
    throw new WebhookSignatureError('invalid_payload', 'The signed payload is not valid JSON.');
  }
}

/** Signs a payload as polypay does: for tests of a merchant's receiver. */
export function generateTestHeader(payload: string, secret: string, timestampSeconds?: number): string {
  const t = timestampSeconds ?? Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${payload}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

export interface WebhookEventLike {
  readonly id: string;
  readonly type: string;
  readonly created: number;
  readonly data: { readonly object: Record<string, unknown> };
}
