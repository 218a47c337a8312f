import type { FastifyRequest } from 'fastify';
import type { RecordNonceInput } from '../store/index.js';

/**
 * A verified request's nonce, not yet recorded. On SQLite every commit waits for the disk, so a signed
 * POST with an Idempotency-Key records its nonce in the same commit as its idempotency record (the
 * idempotency hook takes it from here) instead of in a commit of its own. On PostgreSQL each is one
 * autocommitted statement already, and a shared transaction would add BEGIN and COMMIT round trips.
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
