import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Headers that sign one request: `X-Polypay-Signature: v1=<hex HMAC-SHA256 of
 * "ts\nnonce\nMETHOD\npath\nsha256hex(body)">` under the app's signing secret.
 */
export function signRequest(input: {
  readonly secret: string;
  readonly method: string;
  /** Path with query string, exactly as sent. */
  readonly path: string;
  readonly body: string;
  readonly timestamp?: number;
  readonly nonce?: string;
}): Record<string, string> {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? randomBytes(16).toString('hex');
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  const payload = `${timestamp}\n${nonce}\n${input.method.toUpperCase()}\n${input.path}\n${bodyHash}`;
  const signature = createHmac('sha256', input.secret).update(payload).digest('hex');
  return {
    'X-Polypay-Timestamp': String(timestamp),
    'X-Polypay-Nonce': nonce,
    'X-Polypay-Signature': `v1=${signature}`,
  };
}
