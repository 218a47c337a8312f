import { createPublicKey, createVerify } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { activeKeyLookup, authContextOf, listAllows } from '../../api/auth.js';
import type { ConcurrencyLimiter, ConcurrencySlot } from '../../api/concurrency.js';
import type { ApiContext } from '../../api/context.js';
import { PolypayError } from '../../errors/polypay-error.js';
import { getApp } from '../../store/index.js';

const BASIC = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Ping++ SDKs send the secret key as the HTTP Basic user name (empty password); Bearer is taken too. */
function keyOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header?.trim()) {
    throw new PolypayError('missing_api_key', {
      param: 'Authorization',
      message: 'No API key provided: use HTTP Basic auth with your secret key as the user name.',
    });
  }
  const basic = BASIC.exec(header);
  const key = basic?.[1]
    ? Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0]
    : BEARER.exec(header)?.[1];
  if (!key) throw new PolypayError('invalid_api_key', { param: 'Authorization' });
  return key;
}

/**
 * Authenticates as the main API does (active key of an active merchant; restricted keys read only; the
 * app's IP allow-list and concurrency limit, counted with the main API's when given its limiter), with Ping++'s way of sending the key. Then, once the body is read, checks
 * `Pingplusplus-Signature`: RSA-SHA256 over body + path (with its query) + `Pingplusplus-Request-Timestamp`,
 * verified with the public key the app uploaded (`pingpp_public_key`); required when the app has
 * `pingpp_require_signature` (its own setting: `require_signature` is for polypay's API).
 */
export function registerPingppAuth(app: FastifyInstance, ctx: ApiContext, limiter: ConcurrencyLimiter): void {
  const slots = new WeakMap<FastifyRequest, ConcurrencySlot>();
  const activeKeyOf = activeKeyLookup(ctx);
  app.addHook('onRequest', async (request) => {
    const found = await activeKeyOf(keyOf(request));
    if (!found) throw new PolypayError('invalid_api_key', { param: 'Authorization' });
    if (found.merchantStatus !== 'active') throw new PolypayError('merchant_disabled');
    if (found.kind === 'operator' || (found.kind === 'restricted' && request.method !== 'GET')) {
      throw new PolypayError('permission_denied', { param: 'Authorization' });
    }
    if (found.ipAllowlist && found.ipAllowlist.length > 0 && !listAllows(found.ipAllowlist, request.ip)) {
      throw new PolypayError('ip_not_allowed', {
        message: `Requests from ${request.ip} are not allowed for this app.`,
      });
    }
    // Here requireSignature is the app's Ping++ setting (Pingplusplus-Signature), not polypay's own.
    const auth = { ...authContextOf(found), requireSignature: found.pingppRequireSignature };
    if (auth.concurrencyLimit !== null) {
      const slot = await limiter.acquire(auth.appId, auth.concurrencyLimit);
      if (!slot) throw new PolypayError('concurrency_limit_exceeded');
      slots.set(request, slot);
    }
    request.auth = auth;
  });
  // onResponse and onRequestAbort may both run for one request: the slot is released once.
  const release = async (request: FastifyRequest) => {
    slots.get(request)?.release();
    slots.delete(request);
  };
  app.addHook('onResponse', release);
  app.addHook('onRequestAbort', release);

  app.addHook('preHandler', async (request) => {
    const auth = request.auth!;
    const signature = header(request, 'pingplusplus-signature');
    if (signature === undefined && !auth.requireSignature) return;
    const publicKey = (await getApp(ctx.store.db, auth.appId))?.pingpp_public_key ?? null;
    if (signature === undefined) {
      throw new PolypayError('signature_required', {
        param: 'Pingplusplus-Signature',
        message: 'This app requires signed requests: set your private key in the SDK (setPrivateKey).',
      });
    }
    if (publicKey === null) {
      if (!auth.requireSignature) return;
      throw new PolypayError('signature_required', {
        param: 'Pingplusplus-Signature',
        message: 'This app requires signed requests but has no pingpp_public_key: upload it (POST /v1/app).',
      });
    }
    const timestamp = header(request, 'pingplusplus-request-timestamp');
    if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
      throw new PolypayError('invalid_signature_format', {
        param: 'Pingplusplus-Request-Timestamp',
        message: 'Pingplusplus-Request-Timestamp must be the request time in epoch seconds.',
      });
    }
    if (Math.abs(ctx.clock.now() / 1000 - Number(timestamp)) > ctx.signatureToleranceSeconds) {
      throw new PolypayError('timestamp_expired', { param: 'Pingplusplus-Request-Timestamp' });
    }
    const signed = `${request.rawBody?.toString('utf8') ?? ''}${request.url}${timestamp}`;
    let valid = false;
    try {
      valid = createVerify('RSA-SHA256')
        .update(signed, 'utf8')
        .verify(createPublicKey(publicKey), signature, 'base64');
    } catch {
      valid = false;
    }
    if (!valid) throw new PolypayError('invalid_signature', { param: 'Pingplusplus-Signature' });
  });
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
