import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { PolypayError } from '../errors/polypay-error.js';
import type { RequestWrites } from '../services/request-writes.js';
import {
  type BeginIdempotentRequestInput,
  beginIdempotentRequest,
  claimNonceAndKey,
  completeIdempotentRequest,
  completeIdempotentRequestQuery,
  type Database,
  type IdempotencyOutcome,
  type RecordNonceInput,
} from '../store/index.js';
import type { ApiContext } from './context.js';
import { JSON_TYPE } from './envelope.js';
import { nonceReplayed, recordNonceOrRefuse } from './pending-nonce.js';
import { ReplayedAnswer } from './replayed-answer.js';

/** An answer a use case stores is sent as JSON (sendStoredAnswer), with no other replayed header. */
const ANSWER_HEADERS = { 'content-type': JSON_TYPE };

/** Response headers worth replaying; the rest (date, connection…) belong to the new response. */
const REPLAYED_HEADERS = ['content-type', 'location'];

/** An answer as sent: its status and exact bytes. */
export interface SentAnswer {
  readonly status: number;
  readonly payload: string;
}

/**
 * A request that started an Idempotency-Key: its claim (written before the handler ran, or deferred to
 * the use case's first unit of work) and its answer (stored by the onSend hook, or by the use
 * case in the unit that decides it). Each write joined to a use case's unit is one commit fewer.
 */
export class IdempotentRequest {
  #claim: 'pending' | 'joined' | 'written' | 'refused';
  #answer: { staged?: SentAnswer; stored?: SentAnswer } = {};

  constructor(
    readonly ctx: ApiContext,
    readonly begin: BeginIdempotentRequestInput,
    /** The nonce to record with a deferred claim. */
    readonly nonce: RecordNonceInput | undefined,
    claimed: boolean,
  ) {
    this.#claim = claimed ? 'written' : 'pending';
  }

  get claimPending(): boolean {
    return this.#claim === 'pending';
  }
  get refused(): boolean {
    return this.#claim === 'refused';
  }
  /** The answer the use case stored, committed. */
  get storedAnswer(): SentAnswer | undefined {
    return this.#answer.stored;
  }

  /** Records the nonce and claims the key in `db`'s unit; a refusal (thrown) ends the request's claim. */
  async claim(db: Kysely<Database>): Promise<void> {
    try {
      const outcome = await claimKey(this.ctx, db, this.nonce, this.begin);
      if (outcome.state !== 'started') throw refusalOf(this.ctx, outcome);
    } catch (error) {
      if (error instanceof PolypayError || error instanceof ReplayedAnswer) this.#claim = 'refused';
      throw error;
    }
  }

  /** Stores `answer` as the key's answer in `db`'s unit. */
  async store(
    db: Kysely<Database>,
    reply: FastifyReply,
    answer: SentAnswer,
    headers = replayedHeaders(reply),
  ): Promise<void> {
    await completeIdempotentRequest(db, this.#completion(answer, headers));
  }

  /** What storing `answer` as the key's answer writes. */
  #completion(answer: SentAnswer, headers: Readonly<Record<string, string>>) {
    return {
      appId: this.begin.appId,
      key: this.begin.key,
      status: answer.status,
      headers,
      // Sealed: a stored answer may hold a secret shown once (webhook secret, terminal key).
      body: this.ctx.box.encrypt(answer.payload),
    };
  }

  /**
   * The port a use case joins: `render` gives the answer to its result (status and body, to be
   * serialized by the route's schema), or undefined to leave it to the onSend hook.
   */
  writesFor<R>(
    reply: FastifyReply,
    render: (db: Kysely<Database>, result: R) => Promise<{ status: number; body: unknown } | undefined>,
  ): RequestWrites<R> {
    const answersInUnit = this.ctx.store.dialect !== 'postgres';
    // Only an answer to a committed claim is stored by the use case; the onSend hook handles the rest.
    const stage = async (db: Kysely<Database>, result: R): Promise<SentAnswer | undefined> => {
      if (this.#claim !== 'written') return undefined;
      const rendered = await render(db, result);
      if (!rendered) return undefined;
      const answer = { status: rendered.status, payload: serializeAs(reply, rendered.status, rendered.body) };
      return isKept(answer.status, answer.payload) ? answer : undefined;
    };
    return {
      answersInUnit,
      join: async (db) => {
        if (this.#claim !== 'pending') return;
        await this.claim(db);
        this.#claim = 'joined';
      },
      joinStatement: () => {
        if (this.#claim !== 'pending' || this.ctx.store.dialect !== 'postgres') return undefined;
        this.#claim = 'joined';
        return { ...(this.nonce ? { nonce: this.nonce } : {}), begin: this.begin };
      },
      answer: async (db, result) => {
        this.#answer.staged = undefined;
        // Not on PostgreSQL: the outcome's statement holds the merchant's balance rows until it commits,
        // and one more round trip in its transaction would make the merchant's charges queue longer
        // behind each other; there the answer joins the outcome's statement (answerStatement), or is its
        // own autocommit statement after it, in the onSend hook.
        if (!answersInUnit) return;
        const answer = await stage(db, result);
        if (!answer) return;
        await this.store(db, reply, answer, ANSWER_HEADERS);
        this.#answer.staged = answer;
      },
      answerStatement: async (db, result) => {
        this.#answer.staged = undefined;
        const answer = await stage(db, result);
        if (!answer) return undefined;
        this.#answer.staged = answer;
        return completeIdempotentRequestQuery(db, this.#completion(answer, ANSWER_HEADERS));
      },
      settle: (committed) => {
        if (this.#claim === 'joined') this.#claim = committed ? 'written' : 'pending';
        if (committed && this.#answer.staged) this.#answer.stored = this.#answer.staged;
        this.#answer.staged = undefined;
      },
    };
  }
}

/**
 * Records the nonce (when there is one) and claims the key in `db`'s unit: on PostgreSQL in one
 * statement; refuses a used nonce (nonce_replayed). Any outcome but 'started' leaves the key as it was.
 */
export async function claimKey(
  ctx: ApiContext,
  db: Kysely<Database>,
  nonce: RecordNonceInput | undefined,
  begin: BeginIdempotentRequestInput,
): Promise<IdempotencyOutcome> {
  if (nonce && ctx.store.dialect === 'postgres') {
    const claim = await claimNonceAndKey(db, nonce, begin);
    if (!claim.nonceFresh) throw nonceReplayed();
    if (claim.keyClaimed) return { state: 'started' };
    // The key is taken: the usual path reads the record that is there (in flight, done, or reused).
    return beginIdempotentRequest(db, begin);
  }
  if (nonce) await recordNonceOrRefuse(db, nonce);
  return beginIdempotentRequest(db, begin);
}

/**
 * Whether an answer is stored: server errors and retryable refusals (trade_processing, refund_pending…)
 * are not, since the client was told to retry, so its retry must run again, not replay the advice for 24 h.
 */
export function isKept(status: number, payload: unknown): payload is string {
  if (status >= 500 || typeof payload !== 'string') return false;
  if (status < 400) return true;
  try {
    return (JSON.parse(payload) as { retryable?: unknown }).retryable !== true;
  } catch {
    return true;
  }
}

/** `body` serialized by the route's schema for `status`, as Fastify would send it, the reply untouched. */
function serializeAs(reply: FastifyReply, status: number, body: unknown): string {
  const current = reply.statusCode;
  try {
    return reply.code(status).serialize(body) as string;
  } finally {
    reply.code(current);
  }
}

function replayedHeaders(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** What a request whose key is taken is answered (the stored answer, or why it is refused). */
export function refusalOf(
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

const requestKey = Symbol('idempotentRequest');
type WithIdempotentRequest = FastifyRequest & { [requestKey]?: IdempotentRequest };

export function attachIdempotentRequest(request: FastifyRequest, state: IdempotentRequest): void {
  (request as WithIdempotentRequest)[requestKey] = state;
}

/** The request's idempotent state, handed over once (the onSend hook takes it). */
export function takeIdempotentRequest(request: FastifyRequest): IdempotentRequest | undefined {
  const state = (request as WithIdempotentRequest)[requestKey];
  (request as WithIdempotentRequest)[requestKey] = undefined;
  return state;
}

export function idempotentRequestOf(request: FastifyRequest): IdempotentRequest | undefined {
  return (request as WithIdempotentRequest)[requestKey];
}
