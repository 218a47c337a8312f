import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADERS = {
  timestamp: 'x-polypay-timestamp',
  nonce: 'x-polypay-nonce',
  signature: 'x-polypay-signature',
} as const;

export interface SignatureInput {
  /** The app's signing secret, as issued (its UTF-8 bytes are the HMAC key). */
  readonly secret: string;
  readonly method: string;
  /** Path with query string, exactly as sent, e.g. `/v1/charges?limit=10`. */
  readonly path: string;
  readonly body: string | Buffer;
  readonly timestamp: number;
  readonly nonce: string;
}

/** `ts\nnonce\nMETHOD\npath\nsha256hex(body)` as DESIGN §2 fixes it. */
export function signingPayload(input: Omit<SignatureInput, 'secret'>): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  return `${input.timestamp}\n${input.nonce}\n${input.method.toUpperCase()}\n${input.path}\n${bodyHash}`;
}

export function computeSignature(input: SignatureInput): string {
  return createHmac('sha256', input.secret).update(signingPayload(input)).digest('hex');
}

/**
 * Headers a merchant sends to sign one request. Exposed for merchants' code and our tests alike.
 * @example
 * const headers = signRequest({ secret, method: 'POST', path: '/v1/charges', body: JSON.stringify(charge) });
 */
export function signRequest(
  input: Omit<SignatureInput, 'timestamp' | 'nonce'> & { timestamp?: number; nonce?: string },
): Record<string, string> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const signature = computeSignature({ ...input, timestamp, nonce });
  return {
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: `v1=${signature}`,
  };
}

/** Constant-time comparison of two hex digests of equal expected length. */
export function hexEquals(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
