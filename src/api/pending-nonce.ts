import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { PolypayError } from '../errors/polypay-error.js';
import { type Database, type RecordNonceInput, recordNonce } from '../store/index.js';

/**
 * A verified request's nonce, not yet recorded. A signed POST with an Idempotency-Key records its nonce
 * together with its idempotency record (the idempotency hook takes it from here): on SQLite in the same
 * commit (each commit waits for the disk), on PostgreSQL in the same statement (one round trip).
 */
const pending = Symbol('pendingNonce');

type WithPendingNonce = FastifyRequest & { [pending]?: RecordNonceInput };

export function deferNonce(request: FastifyRequest, input: RecordNonceInput): void {
  (request as WithPendingNonce)[pending] = input;
}

/** The deferred nonce, handed over once. */
export function takePendingNonce(request: FastifyRequest): RecordNonceInput | undefined {
  const input = (request as WithPendingNonce)[pending];
  (request as WithPendingNonce)[pending] = undefined;
  return input;
}

/** The refusal of a nonce used before. */
export function nonceReplayed(): PolypayError {
  return new PolypayError('nonce_replayed', { param: 'X-Polypay-Nonce' });
}

/** Records the nonce in `db`'s unit; refuses it (nonce_replayed) when it was used before. */
export async function recordNonceOrRefuse(db: Kysely<Database>, nonce: RecordNonceInput): Promise<void> {
  if (!(await recordNonce(db, nonce))) throw nonceReplayed();
}
