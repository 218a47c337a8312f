import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { PolypayError } from '../errors/polypay-error.js';
import type { RequestWrites } from '../services/request-writes.js';
import { type Database, releaseIdempotentRequest } from '../store/index.js';
import type { ApiContext } from './context.js';
import { JSON_TYPE } from './envelope.js';
import { errorAnswerOf } from './error-handler.js';
import {
  attachIdempotentRequest,
  claimKey,
  IdempotentRequest,
  idempotentRequestOf,
  isKept,
  refusalOf,
  takeIdempotentRequest,
} from './idempotent-request.js';
import { recordNonceOrRefuse, takePendingNonce } from './pending-nonce.js';
import { ReplayedAnswer, replayInto, sendReplayedAnswer } from './replayed-answer.js';

const KEY = /^[\x21-\x7e]{1,255}$/;
/**
 * A request still marked in flight after this long is taken to have crashed, and may be taken over. It
 * outlasts the longest request (a channel call and its timeouts) and keeps a client whose first answer a
 * crash cut off waiting no longer than needed.
 */
const IN_FLIGHT_LOCK_MS = 30_000;

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method}\n${request.url}\n`)
    .update(request.rawBody ?? '')
    .digest('hex');
}

/**
 * The request's writes for its use case to join (routes with `config.joinsRequestWrites`): its deferred
 * claim, and its answer, which `render` gives for the use case's result. Undefined without a key.
 */
export function requestWritesOf<R>(
  request: FastifyRequest,
  reply: FastifyReply,
  render: (db: Kysely<Database>, result: R) => Promise<{ status: number; body: unknown } | undefined>,
): RequestWrites<R> | undefined {
  return idempotentRequestOf(request)?.writesFor(reply, render);
}

/**
 * Sends the answer the use case stored with its outcome, exactly those bytes; undefined when it stored
 * none (the route answers as usual, and the onSend hook stores that).
 */
export function sendStoredAnswer(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
  const stored = idempotentRequestOf(request)?.storedAnswer;
  return stored && reply.code(stored.status).type(JSON_TYPE).send(stored.payload);
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
    const begin = {
      merchantId: auth.merchantId,
      appId: auth.appId,
      key,
      requestHash: requestHash(request),
      now: ctx.clock.now(),
      lockMs: IN_FLIGHT_LOCK_MS,
      ttlMs: ctx.idempotencyTtlMs,
    };
    const nonce = takePendingNonce(request);
    // A route whose use case takes the request's writes gets them deferred: the claim joins the use
    // case's first unit of work (on PostgreSQL, the new charge's statement), and a key already taken
    // refuses it there. No read of the key first: it would cost every request a statement to answer the
    // rare replay a little sooner.
    if (request.routeOptions.config?.joinsRequestWrites) {
      attachIdempotentRequest(request, new IdempotentRequest(ctx, begin, nonce, false));
      return;
    }
    // The nonce and the key in one commit (see pending-nonce.ts): on PostgreSQL in one statement (no
    // BEGIN/COMMIT), on SQLite in one group-committed unit.
    const claim = (db: Kysely<Database>) => claimKey(ctx, db, nonce, begin);
    const outcome =
      nonce && ctx.store.dialect !== 'postgres'
        ? await ctx.store.write(claim)
        : await ctx.store.writeAutocommit(claim);
    if (outcome.state === 'started') {
      attachIdempotentRequest(request, new IdempotentRequest(ctx, begin, undefined, true));
      return;
    }
    const refusal = refusalOf(ctx, outcome);
    if (refusal instanceof PolypayError) throw refusal;
    return sendReplayedAnswer(reply, refusal);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const state = takeIdempotentRequest(request);
    // Refused when the use case claimed the key (the error handler has answered why), or answered by the
    // use case in its own unit of work: nothing more to write.
    if (!state || state.refused || state.storedAnswer) return payload;
    const keep = isKept(reply.statusCode, payload);
    if (state.claimPending) return finishDeferred(ctx, request, reply, state, payload, keep);
    const { appId, key } = state.begin;
    if (!keep) {
      await ctx.store.writeAutocommit((trx) => releaseIdempotentRequest(trx, { appId, key }));
      return payload;
    }
    await ctx.store.writeAutocommit((trx) =>
      state.store(trx, reply, { status: reply.statusCode, payload: payload as string }),
    );
    return payload;
  });
}

/**
 * A deferred claim whose request wrote nothing (refused before its use case wrote, or the use case's
 * unit rolled back): the nonce, the claim and the answer to keep commit together; for an answer not
 * kept, the nonce alone. A refusal then (the nonce was used, another request took the key meanwhile)
 * replaces the answer: this hook runs after the error handler, so it answers the refusal itself.
 */
async function finishDeferred(
  ctx: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  state: IdempotentRequest,
  payload: unknown,
  keep: boolean,
): Promise<unknown> {
  try {
    await ctx.store.write(async (trx) => {
      if (!keep) {
        if (state.nonce) await recordNonceOrRefuse(trx, state.nonce);
        return;
      }
      await state.claim(trx);
      await state.store(trx, reply, { status: reply.statusCode, payload: payload as string });
    });
  } catch (error) {
    if (error instanceof ReplayedAnswer) return replayInto(reply, error);
    if (!(error instanceof PolypayError)) throw error;
    const { status, body } = errorAnswerOf(request, error);
    reply.code(status).type(JSON_TYPE);
    return reply.serialize(body);
  }
  return payload;
}
