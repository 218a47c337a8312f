import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database, EpochMs } from '../schema.js';
import type { BeginIdempotentRequestInput } from './idempotency.js';
import type { RecordNonceInput } from './nonces.js';

/** What one statement did with a request's nonce and its Idempotency-Key. */
export interface NonceAndKeyClaim {
  /** The nonce was new (or its earlier use had expired) and is now recorded. */
  readonly nonceFresh: boolean;
  /** The key was new (or expired) and is now this request's; false: read the record that is there. */
  readonly keyClaimed: boolean;
}

/** A request's claim: its nonce (signed requests) and its Idempotency-Key. */
export interface NonceAndKey {
  readonly nonce?: RecordNonceInput;
  readonly begin: BeginIdempotentRequestInput;
}

/**
 * The values the claim writes, every one a leaf (precompiled statements bind them by their place; no
 * arithmetic on them in the statement's builder).
 */
export interface ClaimRows {
  readonly nonce?: {
    readonly merchant_id: string;
    readonly app_id: string;
    readonly nonce: string;
    readonly expires_at: EpochMs;
    readonly now: EpochMs;
  };
  readonly key: {
    readonly app_id: string;
    readonly idem_key: string;
    readonly merchant_id: string;
    readonly request_hash: string;
    readonly locked_until: EpochMs;
    readonly created_at: EpochMs;
    readonly expires_at: EpochMs;
  };
}

export function claimRowsOf(claim: NonceAndKey): ClaimRows {
  const { nonce, begin } = claim;
  return {
    ...(nonce
      ? {
          nonce: {
            merchant_id: nonce.merchantId,
            app_id: nonce.appId,
            nonce: nonce.nonce,
            expires_at: nonce.expiresAt,
            now: nonce.now,
          },
        }
      : {}),
    key: {
      app_id: begin.appId,
      idem_key: begin.key,
      merchant_id: begin.merchantId,
      request_hash: begin.requestHash,
      locked_until: begin.now + begin.lockMs,
      created_at: begin.now,
      expires_at: begin.now + begin.ttlMs,
    },
  };
}

/** A writable CTE of the claim; its rows are read only by raw SQL (`exists (select 1 from …)`). */
export interface ClaimCte {
  readonly name: 'fresh_nonce' | 'claimed_key';
  readonly query: RawBuilder<Record<string, unknown>>;
}

/**
 * PostgreSQL: the claim as writable CTEs to put at the head of a statement: `fresh_nonce` returns a
 * row when the nonce was new (or its earlier use had expired) and is now recorded; `claimed_key` a row
 * when the key was new (or expired) and is now this request's. The key is claimed only if the nonce was
 * fresh, so a replayed request never takes a key. The same upserts as recordNonce and
 * beginIdempotentRequest, race-safe alike.
 */
export function claimCtes(rows: ClaimRows): ClaimCte[] {
  const { nonce, key } = rows;
  const claimedKey: ClaimCte = {
    name: 'claimed_key',
    query: sql`
      insert into idempotency_records (app_id, idem_key, merchant_id, request_hash, status, response_status,
        response_headers, response_body, locked_until, created_at, expires_at)
      select ${key.app_id}, ${key.idem_key}, ${key.merchant_id}, ${key.request_hash}, 'in_flight', null, null,
        null, ${key.locked_until}::bigint, ${key.created_at}::bigint, ${key.expires_at}::bigint
      ${nonce ? sql`where exists (select 1 from fresh_nonce)` : sql``}
      on conflict (app_id, idem_key) do update
        set merchant_id = excluded.merchant_id, request_hash = excluded.request_hash, status = excluded.status,
          response_status = null, response_headers = null, response_body = null,
          locked_until = excluded.locked_until, created_at = excluded.created_at, expires_at = excluded.expires_at
        where idempotency_records.expires_at <= ${key.created_at}::bigint
      returning 1`,
  };
  if (!nonce) return [claimedKey];
  const freshNonce: ClaimCte = {
    name: 'fresh_nonce',
    query: sql`
      insert into request_nonces (merchant_id, app_id, nonce, expires_at)
      values (${nonce.merchant_id}, ${nonce.app_id}, ${nonce.nonce}, ${nonce.expires_at}::bigint)
      on conflict (app_id, nonce) do update
        set merchant_id = excluded.merchant_id, expires_at = excluded.expires_at
        where request_nonces.expires_at <= ${nonce.now}::bigint
      returning 1`,
  };
  return [freshNonce, claimedKey];
}

/** True (for a statement's select list) when the claim's CTEs took the nonce and the key. */
export function claimTaken(rows: ClaimRows): RawBuilder<boolean> {
  const keyTaken = sql<boolean>`exists (select 1 from claimed_key)`;
  return rows.nonce ? sql<boolean>`(exists (select 1 from fresh_nonce) and ${keyTaken})` : keyTaken;
}

/**
 * PostgreSQL: records the nonce and claims the Idempotency-Key in one statement (one round trip, one
 * commit) with the writable CTEs of claimCtes.
 */
export async function claimNonceAndKey(
  db: Kysely<Database>,
  nonce: RecordNonceInput,
  begin: BeginIdempotentRequestInput,
): Promise<NonceAndKeyClaim> {
  const rows = claimRowsOf({ nonce, begin });
  const ctes = claimCtes(rows).map(({ name, query }) => sql`${sql.raw(name)} as (${query})`);
  const result = await sql<{ nonce_fresh: number; key_claimed: number }>`
    with ${sql.join(ctes)}
    select (select count(*) from fresh_nonce)::int as nonce_fresh, (select count(*) from claimed_key)::int as key_claimed
  `.execute(db);
  const row = result.rows[0];
  return { nonceFresh: (row?.nonce_fresh ?? 0) > 0, keyClaimed: (row?.key_claimed ?? 0) > 0 };
}
