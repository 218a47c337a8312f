import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default allowed distance between the signature's timestamp and the receiver's clock. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const HEX_SHA256 = /^[0-9a-f]{64}$/;

function hmacHex(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestampSeconds}.`, 'utf8')
    .update(body)
    .digest('hex');
}

/**
 * The `Polypay-Signature` header of a webhook: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, with one
 * `v1=` per secret (two while an endpoint's secret rotation is in its grace period).
 */
export function signWebhookPayload(
  body: string,
  secrets: readonly string[],
  timestampSeconds: number,
): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) {
    throw new TypeError(`timestampSeconds must be a non-negative integer, got ${timestampSeconds}`);
  }
  if (secrets.length === 0) throw new TypeError('at least one secret is needed to sign a webhook');
  return [
    `t=${timestampSeconds}`,
    ...secrets.map((secret) => `v1=${hmacHex(secret, timestampSeconds, body)}`),
  ].join(',');
}

export type WebhookSignatureFailure =
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_outside_tolerance'
  | 'no_matching_signature'
  | 'invalid_payload';

/** Why a webhook was refused; `reason` is stable, `message` is for people. */
export class WebhookSignatureError extends Error {
  readonly reason: WebhookSignatureFailure;

  constructor(reason: WebhookSignatureFailure, message: string) {
    super(message);
    this.name = 'WebhookSignatureError';
    this.reason = reason;
  }
}

/** The body of every webhook polypay sends. */
export interface WebhookEvent<T = unknown> {
  readonly id: string;
  readonly type: string;
  /** Epoch milliseconds. */
  readonly created: number;
  readonly data: { readonly object: T };
}

export interface VerifyWebhookInput {
  /** The request body exactly as received (do not re-serialise parsed JSON). */
  readonly payload: string | Buffer;
  /** The `Polypay-Signature` header as the HTTP library gives it. */
  readonly header: string | readonly string[] | null | undefined;
  /** The endpoint's signing secret (`whsec_…`). */
  readonly secret: string;
  readonly toleranceSeconds?: number;
  /** The receiver's time in epoch milliseconds (default `Date.now()`). */
  readonly now?: number;
}

interface ParsedHeader {
  readonly timestamp: number;
  readonly signatures: readonly string[];
}

function parseHeader(header: string): ParsedHeader {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0)
      throw new WebhookSignatureError('malformed_header', `Malformed Polypay-Signature part: "${part}".`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,15}$/.test(value) || timestamp !== undefined) {
        throw new WebhookSignatureError(
          'malformed_header',
          'Polypay-Signature needs exactly one numeric t=.',
        );
      }
      timestamp = Number(value);
    } else if (key === 'v1') {
      signatures.push(value.toLowerCase());
    }
    // Other schemes (a future v2) are ignored, so receivers keep working when one is added.
  }
  if (timestamp === undefined)
    throw new WebhookSignatureError('malformed_header', 'Polypay-Signature has no t=.');
  if (signatures.length === 0)
    throw new WebhookSignatureError('malformed_header', 'Polypay-Signature has no v1=.');
  return { timestamp, signatures };
}

function constantTimeHexEqual(expected: string, given: string): boolean {
  if (!HEX_SHA256.test(given)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/**
 * Checks a webhook the way a merchant's receiver should: the header is well formed, its timestamp is
 * within `toleranceSeconds` of now (replay protection), and one `v1=` value is the HMAC of `t.payload`
 * under `secret` (compared in constant time). Answers the parsed event; throws WebhookSignatureError.
 */
export function verifyWebhookSignature<T = unknown>(input: VerifyWebhookInput): WebhookEvent<T> {
  const raw = Array.isArray(input.header) ? input.header[0] : input.header;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new WebhookSignatureError('missing_header', 'The Polypay-Signature header is missing.');
  }
  const { timestamp, signatures } = parseHeader(raw);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestamp) > tolerance) {
    throw new WebhookSignatureError(
      'timestamp_outside_tolerance',
      `The signature timestamp ${timestamp} is more than ${tolerance} s away from now (${nowSeconds}).`,
    );
  }
  const expected = hmacHex(input.secret, timestamp, input.payload);
  // Every value is compared, so the time taken does not reveal which one matched.
  let matched = false;
  for (const signature of signatures) matched = constantTimeHexEqual(expected, signature) || matched;
  if (!matched) {
    throw new WebhookSignatureError(
      'no_matching_signature',
      'No v1 signature matches the payload and the secret.',
    );
  }
  try {
    return JSON.parse(typeof input.payload === 'string' ? input.payload : input.payload.toString('utf8'));
  } catch {
    throw new WebhookSignatureError('invalid_payload', 'The signed payload is not valid JSON.');
  }
}
