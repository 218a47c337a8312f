import type { Kysely } from 'kysely';
import { precompiled } from '../precompiled.js';
import type { Database, EpochMs } from '../schema.js';

export interface RecordNonceInput {
  readonly merchantId: string;
  readonly appId: string;
  readonly nonce: string;
  /** After this instant the nonce may be used again (the signature window has passed). */
  readonly expiresAt: EpochMs;
  readonly now: EpochMs;
}

/**
 * Records a request nonce: true when it is new (or its earlier use has expired), false when it was
 * seen within its window. One upsert, so of concurrent callers with the same nonce exactly one wins.
 */
const upsertNonce = precompiled((db, input: RecordNonceInput) =>
  db
    .insertInto('request_nonces')
    .values({
      merchant_id: input.merchantId,
      app_id: input.appId,
      nonce: input.nonce,
      expires_at: input.expiresAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['app_id', 'nonce'])
        .doUpdateSet({ merchant_id: input.merchantId, expires_at: input.expiresAt })
        .where('request_nonces.expires_at', '<=', input.now),
    ),
);

export async function recordNonce(db: Kysely<Database>, input: RecordNonceInput): Promise<boolean> {
  const result = await upsertNonce(db, input);
  return Number(result.numAffectedRows ?? 0n) > 0;
}

/** Deletes expired nonces; returns how many. */
export async function purgeExpiredNonces(db: Kysely<Database>, now: EpochMs): Promise<number> {
  const result = await db.deleteFrom('request_nonces').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
