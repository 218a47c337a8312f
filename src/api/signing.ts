import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import { BoundedCache } from './bounded-cache.js';
import type { ApiContext, AuthContext } from './context.js';
import { deferNonce, recordNonceOrRefuse } from './pending-nonce.js';
import { computeSignature, hexEquals, SIGNATURE_HEADERS } from './request-signature.js';

const TIMESTAMP = /^\d{1,12}$/;
const NONCE = /^[A-Za-z0-9_-]{8,64}$/;
const SIGNATURE = /^v1=([0-9a-f]{64})$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Verifies `X-Polypay-Signature` whenever one is sent, and demands one when the app requires signing.
 * Runs before body validation so that a forged request learns nothing about our schemas.
 */
export function registerSigning(app: FastifyInstance, ctx: ApiContext): void {
  // Bounded: rotations would otherwise add an entry each, for ever.
  const secrets = new BoundedCache<string, string>(1_000);
  const secretOf = (sealed: string): string => {
    let secret = secrets.get(sealed);
    if (secret === undefined) {
      secret = ctx.box.decrypt(sealed);
      secrets.set(sealed, secret);
    }
    return secret;
  };
  /** The current secret, then a rolled-out one while its overlap lasts. */
  const secretsOf = (auth: AuthContext): string[] => {
    const accepted = [secretOf(auth.signingSecretEnc)];
    const previous = auth.previousSigningSecretEnc;
    const until = auth.previousSigningSecretExpiresAt;
    if (previous !== null && until !== null && until > ctx.clock.now()) accepted.push(secretOf(previous));
    return accepted;
  };

  app.addHook('preValidation', async (request) => {
    const auth = request.auth;
    if (!auth) return;
    const timestamp = header(request, SIGNATURE_HEADERS.timestamp);
    const nonce = header(request, SIGNATURE_HEADERS.nonce);
    const signature = header(request, SIGNATURE_HEADERS.signature);
    if (timestamp === undefined && nonce === undefined && signature === undefined) {
      // A dashboard session cannot sign (the secret stays on the merchant's servers); its cookie and
      // CSRF token authenticate it instead.
      if (auth.requireSignature && auth.sessionId === undefined)
        throw new PolypayError('signature_required', { param: 'X-Polypay-Signature' });
      return;
    }
    if (timestamp === undefined || !TIMESTAMP.test(timestamp)) {
      throw new PolypayError('invalid_signature_format', {
        param: 'X-Polypay-Timestamp',
        message: 'X-Polypay-Timestamp must be unix seconds.',
        messageZh: 'X-Polypay-Timestamp 须为 Unix 秒级时间戳',
      });
    }
    if (nonce === undefined || !NONCE.test(nonce)) {
      throw new PolypayError('invalid_signature_format', {
        param: 'X-Polypay-Nonce',
        message: 'X-Polypay-Nonce must be 8-64 characters of [A-Za-z0-9_-].',
        messageZh: 'X-Polypay-Nonce 须为 8 到 64 个 [A-Za-z0-9_-] 字符',
      });
    }
    const match = signature === undefined ? null : SIGNATURE.exec(signature);
    if (!match?.[1]) {
      throw new PolypayError('invalid_signature_format', {
        param: 'X-Polypay-Signature',
        message: 'X-Polypay-Signature must be "v1=<64 hex characters>".',
        messageZh: 'X-Polypay-Signature 须为 "v1=<64 位十六进制字符>"',
      });
    }
    const nowSeconds = Math.floor(ctx.clock.now() / 1000);
    const ts = Number(timestamp);
    if (Math.abs(nowSeconds - ts) > ctx.signatureToleranceSeconds) {
      throw new PolypayError('timestamp_expired', { param: 'X-Polypay-Timestamp' });
    }
    const given = match[1];
    const valid = secretsOf(auth).some((secret) =>
      hexEquals(
        computeSignature({
          secret,
          method: request.method,
          path: request.url,
          body: request.rawBody ?? '',
          timestamp: ts,
          nonce,
        }),
        given,
      ),
    );
    if (!valid) {
      throw new PolypayError('invalid_signature', { param: 'X-Polypay-Signature' });
    }
    // Only a valid signature may consume a nonce, so forged requests cannot burn a merchant's nonces.
    const now = ctx.clock.now();
    const input = {
      merchantId: auth.merchantId,
      appId: auth.appId,
      nonce,
      expiresAt: nonceExpiry(ts, ctx.signatureToleranceSeconds, now),
      now,
    };
    if (request.method === 'POST' && request.headers['idempotency-key']) {
      deferNonce(request, input);
      return;
    }
    await ctx.store.writeAutocommit((trx) => recordNonceOrRefuse(trx, input));
  });
}

/**
 * When a nonce may be used again: once its request's timestamp is past the window, to the second, plus
 * the millisecond of the current second at which it arrived. That millisecond costs nothing (the nonce
 * is kept under a second longer) and orders the nonces of one signed second by arrival: their expiry
 * index then grows at its end, where a burst's inserts share a few pages of the log, instead of
 * spreading over that second's whole range in nonce order (a page logged per nonce, measured).
 */
export function nonceExpiry(timestampSeconds: number, toleranceSeconds: number, now: number): number {
  return (timestampSeconds + 2 * toleranceSeconds) * 1000 + (now % 1000);
}
