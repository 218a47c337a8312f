import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PolypayError } from '../errors/polypay-error.js';
import {
  type BeginIdempotentRequestInput,
  beginIdempotentRequest,
  claimNonceAndKey,
  completeIdempotentRequest,
  type IdempotencyOutcome,
  type RecordNonceInput,
  recordNonce,
  releaseIdempotentRequest,
} from '../store/index.js';
import type { ApiContext } from './context.js';
import { takePendingNonce } from './pending-nonce.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * A request still marked in flight after this long is taken to have crashed, and may be taken over. It
 * outlasts the longest request (a channel call and its timeouts) and keeps a client whose first answer a
 * crash cut off waiting no longer than needed.
 */
const IN_FLIGHT_LOCK_MS = 30_000;
/** Response headers worth replaying; the rest (date, connection…) belong to the new response. */
const REPLAYED_HEADERS = ['content-type', 'location'];

const startedKey = Symbol('idempotencyKey');
type IdempotentRequest = FastifyRequest & { [startedKey]?: string };

function isRetryableError(status: number, payload: string): boolean {
  if (status < 400) return false;
  try {
    return (JSON.parse(payload) as { retryable?: unknown }).retryable === true;
  } catch {
    return false;
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.url}\n`)
    .update(request.rawBody ?? '')
    .digest('hex');
}

/**
 * `Idempotency-Key` on any authenticated POST: the first response is stored (sealed with the master
 * key) and replayed byte for byte;
 * the same key with another request, or while the first is still running, is refused. Server errors
 * are not stored, so that the client's retry runs again.
 */
export function registerIdempotency(app: FastifyInstance, ctx: ApiContext): void {
  app.addHook('preValidation', async (request, reply) => {
    const auth = request.auth;
    const raw = request.headers['idempotency-key'];
    if (!auth || request.method !== 'POST' || raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (key === undefined || !KEY.test(key)) {
      throw new PolypayError('invalid_params', {
        param: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1-255 printable ASCII characters.',
        messageZh: 'Idempotency-Key 须为 1 到 255 个可打印 ASCII 字符',
      });
    }
    const now = ctx.clock.now();
    const hash = requestHash(request);
    const begin = {
      merchantId: auth.merchantId,
      appId: auth.appId,
      key,
      requestHash: hash,
      now,
      lockMs: IN_FLIGHT_LOCK_MS,
      ttlMs: ctx.idempotencyTtlMs,
    };
    const nonce = takePendingNonce(request);
    const outcome = nonce
      ? await beginWithNonce(ctx, nonce, begin)
      : await ctx.store.writeAutocommit((trx) => beginIdempotentRequest(trx, begin));
    switch (outcome.state) {
      case 'started':
        (request as IdempotentRequest)[startedKey] = key;
        return;
      case 'in_flight':
        throw new PolypayError('idempotency_request_in_progress', { param: 'Idempotency-Key' });
      case 'mismatch':
        throw new PolypayError('idempotency_key_reused', { param: 'Idempotency-Key' });
      case 'replay':
        for (const [name, value] of Object.entries(outcome.headers)) reply.header(name, value);
        reply.header('idempotent-replayed', 'true');
        return reply.code(outcome.status).send(ctx.box.decrypt(outcome.body));
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = (request as IdempotentRequest)[startedKey];
    const auth = request.auth;
    if (key === undefined || !auth) return payload;
    (request as IdempotentRequest)[startedKey] = undefined;
    // Server errors and retryable refusals (trade_processing, refund_pending…) are not stored: the
    // client was told to retry, so its retry must run again, not replay the advice for 24 h.
    if (
      reply.statusCode >= 500 ||
      typeof payload !== 'string' ||
      isRetryableError(reply.statusCode, payload)
    ) {
      await ctx.store.writeAutocommit((trx) => releaseIdempotentRequest(trx, { appId: auth.appId, key }));
      return payload;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    await ctx.store.writeAutocommit((trx) =>
      completeIdempotentRequest(trx, {
        appId: auth.appId,
        key,
        status: reply.statusCode,
        headers,
        // Sealed: a stored answer may hold a secret shown once (webhook secret, terminal key).
        body: ctx.box.encrypt(payload),
      }),
    );
    return payload;
  });
}

/**
 * The deferred nonce and the key in one commit (see pending-nonce.ts): on PostgreSQL in one statement,
 * on SQLite in one group-committed unit.
 */
async function beginWithNonce(
  ctx: ApiContext,
  nonce: RecordNonceInput,
  begin: BeginIdempotentRequestInput,
): Promise<IdempotencyOutcome> {
  if (ctx.store.dialect === 'postgres') {
    const claim = await claimNonceAndKey(ctx.store.db, nonce, begin);
    if (!claim.nonceFresh) throw new PolypayError('nonce_replayed', { param: 'X-Polypay-Nonce' });
    if (claim.keyClaimed) return { state: 'started' };
    // The key is taken: the usual path reads the record that is there (in flight, done, or reused).
    return beginIdempotentRequest(ctx.store.db, begin);
  }
  return ctx.store.write(async (trx) => {
    if (!(await recordNonce(trx, nonce))) {
      throw new PolypayError('nonce_replayed', { param: 'X-Polypay-Nonce' });
    }
    return beginIdempotentRequest(trx, begin);
  });
}
