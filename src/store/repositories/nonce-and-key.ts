import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema.js';
import type { BeginIdempotentRequestInput } from './idempotency.js';
import type { RecordNonceInput } from './nonces.js';

/** What one statement did with a request's nonce and its Idempotency-Key. */
export interface NonceAndKeyClaim {
  /** The nonce was new (or its earlier use had expired) and is now recorded. */
  readonly nonceFresh: boolean;
  /** The key was new (or expired) and is now this request's; false: read the record that is there. */
  readonly keyClaimed: boolean;
}

/**
 * PostgreSQL: records the nonce and claims the Idempotency-Key in one statement (one round trip, one
 * commit) with writable CTEs. The key is claimed only if the nonce was fresh, so a replayed request
 * never takes a key. The same upserts as recordNonce and beginIdempotentRequest, race-safe alike.
 */
export async function claimNonceAndKey(
  db: Kysely<Database>,
  nonce: RecordNonceInput,
  begin: BeginIdempotentRequestInput,
): Promise<NonceAndKeyClaim> {
  const { now } = begin;
  const lockedUntil = now + begin.lockMs;
  const expiresAt = now + begin.ttlMs;
  const result = await sql<{ nonce_fresh: number; key_claimed: number }>`
    with fresh_nonce as (
      insert into request_nonces (merchant_id, app_id, nonce, expires_at)
      values (${nonce.merchantId}, ${nonce.appId}, ${nonce.nonce}, ${nonce.expiresAt})
      on conflict (app_id, nonce) do update
        set merchant_id = excluded.merchant_id, expires_at = excluded.expires_at
        where request_nonces.expires_at <= ${nonce.now}
      returning 1
    ), claimed_key as (
      insert into idempotency_records (app_id, idem_key, merchant_id, request_hash, status, response_status,
        response_headers, response_body, locked_until, created_at, expires_at)
      select ${begin.appId}, ${begin.key}, ${begin.merchantId}, ${begin.requestHash}, 'in_flight', null, null,
        null, ${lockedUntil}::bigint, ${now}::bigint, ${expiresAt}::bigint
      where exists (select 1 from fresh_nonce)
      on conflict (app_id, idem_key) do update
        set merchant_id = excluded.merchant_id, request_hash = excluded.request_hash, status = excluded.status,
          response_status = null, response_headers = null, response_body = null,
          locked_until = excluded.locked_until, created_at = excluded.created_at, expires_at = excluded.expires_at
        where idempotency_records.expires_at <= ${now}
      returning 1
    )
    select (select count(*) from fresh_nonce)::int as nonce_fresh, (select count(*) from claimed_key)::int as key_claimed
  `.execute(db);
  const row = result.rows[0];
  return { nonceFresh: (row?.nonce_fresh ?? 0) > 0, keyClaimed: (row?.key_claimed ?? 0) > 0 };
}
