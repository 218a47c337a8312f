import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { PolypayError } from '../errors/polypay-error.js';
import type { RequestWrites } from '../services/request-writes.js';
import {
  type BeginIdempotentRequestInput,
  beginIdempotentRequest,
  claimNonceAndKey,
  completeIdempotentRequest,
  type Database,
  type IdempotencyOutcome,
  idempotencyKeyHasRecord,
  type RecordNonceInput,
  recordNonce,
  releaseIdempotentRequest,
} from '../store/index.js';
import type { ApiContext } from './context.js';
import { languageOf, renderError } from './error-handler.js';
import { takePendingNonce } from './pending-nonce.js';
import { ReplayedAnswer, sendReplayedAnswer } from './replayed-answer.js';

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
const deferredKey = Symbol('deferredClaim');
type IdempotentRequest = FastifyRequest & { [startedKey]?: string; [deferredKey]?: DeferredClaim };

/**
 * A request's nonce and idempotency claim, not yet written (SQLite, on a route that hands its writes to
 * the use case): they commit in the use case's first unit of work, or with the answer when the request
 * ends without one. Either way one commit, so one wait for the disk, fewer per request.
 */
class DeferredClaim implements RequestWrites {
  #state: 'pending' | 'joined' | 'written' | 'refused' = 'pending';

  constructor(
    readonly ctx: ApiContext,
    readonly nonce: RecordNonceInput | undefined,
    readonly begin: BeginIdempotentRequestInput,
  ) {}

  get pending(): boolean {
    return this.#state === 'pending';
  }
  get refused(): boolean {
    return this.#state === 'refused';
  }

  async join(db: Kysely<Database>): Promise<void> {
    if (this.#state !== 'pending') return;
    await this.claim(db);
    this.#state = 'joined';
  }

  settle(committed: boolean): void {
    if (this.#state === 'joined') this.#state = committed ? 'written' : 'pending';
  }

  /** Records the nonce and claims the key in `db`'s unit; a refusal (thrown) ends the deferral. */
  async claim(db: Kysely<Database>): Promise<void> {
    try {
      if (this.nonce && !(await recordNonce(db, this.nonce))) {
        throw new PolypayError('nonce_replayed', { param: 'X-Polypay-Nonce' });
      }
      const outcome = await beginIdempotentRequest(db, this.begin);
      if (outcome.state !== 'started') throw refusalOf(this.ctx, outcome);
    } catch (error) {
      if (error instanceof PolypayError || error instanceof ReplayedAnswer) this.#state = 'refused';
      throw error;
    }
  }
}

/** What a request whose key is taken is answered (the stored answer, or why it is refused). */
function refusalOf(
  ctx: ApiContext,
  outcome: Exclude<IdempotencyOutcome, { state: 'started' }>,
): PolypayError | ReplayedAnswer {
  switch (outcome.state) {
    case 'in_flight':
      return new PolypayError('idempotency_request_in_progress', { param: 'Idempotency-Key' });
    case 'mismatch':
      return new PolypayError('idempotency_key_reused', { param: 'Idempotency-Key' });
    case 'replay':
      return new ReplayedAnswer(outcome.status, outcome.headers, ctx.box.decrypt(outcome.body));
  }
}

/**
 * The request's writes for its use case to join (routes with `config.joinsRequestWrites`), or undefined
 * when they are written already.
 */
export function requestWritesOf(request: FastifyRequest): RequestWrites | undefined {
  return (request as IdempotentRequest)[deferredKey];
}

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
    // On SQLite a route whose use case takes the request's writes gets them deferred: a new key (no record
    // yet: one read) is claimed in the use case's first commit. A record there takes the usual path.
    if (
      request.routeOptions.config?.joinsRequestWrites &&
      ctx.store.dialect === 'sqlite' &&
      !(await idempotencyKeyHasRecord(ctx.store.db, { appId: auth.appId, key }))
    ) {
      (request as IdempotentRequest)[deferredKey] = new DeferredClaim(ctx, nonce, begin);
      (request as IdempotentRequest)[startedKey] = key;
      return;
    }
    const outcome = nonce
      ? await beginWithNonce(ctx, nonce, begin)
      : await ctx.store.writeAutocommit((trx) => beginIdempotentRequest(trx, begin));
    if (outcome.state === 'started') {
      (request as IdempotentRequest)[startedKey] = key;
      return;
    }
    const refusal = refusalOf(ctx, outcome);
    if (refusal instanceof PolypayError) throw refusal;
    return sendReplayedAnswer(reply, refusal);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = (request as IdempotentRequest)[startedKey];
    const auth = request.auth;
    if (key === undefined || !auth) return payload;
    (request as IdempotentRequest)[startedKey] = undefined;
    const deferred = (request as IdempotentRequest)[deferredKey];
    (request as IdempotentRequest)[deferredKey] = undefined;
    // Refused when the use case claimed the key: the error handler has answered why, nothing to store.
    if (deferred?.refused) return payload;
    // Server errors and retryable refusals (trade_processing, refund_pending…) are not stored: the
    // client was told to retry, so its retry must run again, not replay the advice for 24 h.
    const keep = !(
      reply.statusCode >= 500 ||
      typeof payload !== 'string' ||
      isRetryableError(reply.statusCode, payload)
    );
    if (deferred?.pending) return finishDeferred(ctx, request, reply, deferred, payload, keep);
    if (!keep) {
      await ctx.store.writeAutocommit((trx) => releaseIdempotentRequest(trx, { appId: auth.appId, key }));
      return payload;
    }
    await ctx.store.writeAutocommit((trx) =>
      completeIdempotentRequest(trx, storedAnswer(ctx, reply, auth.appId, key, payload as string)),
    );
    return payload;
  });
}

function storedAnswer(ctx: ApiContext, reply: FastifyReply, appId: string, key: string, payload: string) {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return {
    appId,
    key,
    status: reply.statusCode,
    headers,
    // Sealed: a stored answer may hold a secret shown once (webhook secret, terminal key).
    body: ctx.box.encrypt(payload),
  };
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
  deferred: DeferredClaim,
  payload: unknown,
  keep: boolean,
): Promise<unknown> {
  try {
    await ctx.store.write(async (trx) => {
      if (!keep) {
        if (deferred.nonce && !(await recordNonce(trx, deferred.nonce))) {
          throw new PolypayError('nonce_replayed', { param: 'X-Polypay-Nonce' });
        }
        return;
      }
      await deferred.claim(trx);
      const { appId, key } = deferred.begin;
      await completeIdempotentRequest(trx, storedAnswer(ctx, reply, appId, key, payload as string));
    });
  } catch (error) {
    if (error instanceof ReplayedAnswer) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      reply.header('idempotent-replayed', 'true');
      reply.code(error.status);
      return error.body;
    }
    if (!(error instanceof PolypayError)) throw error;
    const { status, body } = renderError(error, request.id, languageOf(request.headers['accept-language']));
    reply.code(status).type('application/json; charset=utf-8');
    return reply.serialize(body);
  }
  return payload;
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
