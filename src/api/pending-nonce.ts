import type { FastifyRequest } from 'fastify';
import type { RecordNonceInput } from '../store/index.js';

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
