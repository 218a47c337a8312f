import type { Kysely } from 'kysely';
import { precompiled, precompiledQuery } from '../precompiled.js';
import type { Database, EpochMs } from '../schema.js';

export interface BeginIdempotentRequestInput {
  readonly merchantId: string;
  readonly appId: string;
  /** The client's Idempotency-Key. */
  readonly key: string;
  /** Hash of what makes two requests "the same" (method, path, body). */
  readonly requestHash: string;
  readonly now: EpochMs;
  /** How long the request may stay in flight before it is presumed crashed and may be taken over. */
  readonly lockMs: number;
  /** How long the record (and so the replay) lives, e.g. 24 h. */
  readonly ttlMs: number;
}

export type IdempotencyOutcome =
  /** The caller owns the key: process the request, then complete (or release) it. */
  | { readonly state: 'started' }
  /** Another request with this key is still being processed. */
  | { readonly state: 'in_flight' }
  /** The key was used for a different request. */
  | { readonly state: 'mismatch' }
  /** The key's request is done: send this response again. */
  | {
      readonly state: 'replay';
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: string;
    };

/** Takes a key that is new or expired (one upsert: of concurrent callers only one gets a row). */
const claimKey = precompiled(
  (
    db,
    input: {
      appId: string;
      key: string;
      merchantId: string;
      requestHash: string;
      lockedUntil: number;
      now: number;
      expiresAt: number;
    },
  ) => {
    const fresh = {
      merchant_id: input.merchantId,
      request_hash: input.requestHash,
      status: 'in_flight' as const,
      response_status: null,
      response_headers: null,
      response_body: null,
      locked_until: input.lockedUntil,
      created_at: input.now,
      expires_at: input.expiresAt,
    };
    return db
      .insertInto('idempotency_records')
      .values({ app_id: input.appId, idem_key: input.key, ...fresh })
      .onConflict((oc) =>
        oc
          .columns(['app_id', 'idem_key'])
          .doUpdateSet(fresh)
          .where('idempotency_records.expires_at', '<=', input.now),
      );
  },
);

/**
 * Claims an idempotency key, race-safely on both dialects: an upsert that inserts a new record or
 * replaces an expired one (only one of concurrent callers gets a row back as inserted/updated), then a
 * read of the record that is there. An in-flight record whose lock expired (its request crashed) is
 * taken over with a compare-and-set, so only one caller takes it.
 */
export async function beginIdempotentRequest(
  db: Kysely<Database>,
  input: BeginIdempotentRequestInput,
): Promise<IdempotencyOutcome> {
  const { appId, key, requestHash, now } = input;
  const lockedUntil = now + input.lockMs;
  // A record can vanish between the upsert and the read (released after a 5xx): then try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await claimKey(db, {
      appId,
      key,
      merchantId: input.merchantId,
      requestHash,
      lockedUntil,
      now,
      expiresAt: now + input.ttlMs,
    });
    if (Number(claimed.numAffectedRows ?? 0n) > 0) return { state: 'started' };

    const record = await db
      .selectFrom('idempotency_records')
      .select([
        'request_hash',
        'status',
        'response_status',
        'response_headers',
        'response_body',
        'locked_until',
      ])
      .where('app_id', '=', appId)
      .where('idem_key', '=', key)
      .executeTakeFirst();
    if (!record) continue;
    if (record.request_hash !== requestHash) return { state: 'mismatch' };
    if (record.status === 'done') {
      return {
        state: 'replay',
        status: record.response_status ?? 200,
        headers:
          record.response_headers === null
            ? {}
            : (JSON.parse(record.response_headers) as Record<string, string>),
        body: record.response_body ?? '',
      };
    }
    if (record.locked_until !== null && record.locked_until > now) return { state: 'in_flight' };
    const takenOver = await db
      .updateTable('idempotency_records')
      .set({ locked_until: lockedUntil })
      .where('app_id', '=', appId)
      .where('idem_key', '=', key)
      .where('status', '=', 'in_flight')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst();
    return takenOver.numUpdatedRows > 0n ? { state: 'started' } : { state: 'in_flight' };
  }
  return { state: 'in_flight' };
}

/** A started request's response, as its record stores it (the headers as JSON). */
interface StoredResponse {
  appId: string;
  key: string;
  status: number;
  headers: string;
  body: string;
}

function storeResponseQuery(db: Kysely<Database>, input: StoredResponse) {
  return db
    .updateTable('idempotency_records')
    .set({
      status: 'done',
      response_status: input.status,
      response_headers: input.headers,
      response_body: input.body,
      locked_until: null,
    })
    .where('app_id', '=', input.appId)
    .where('idem_key', '=', input.key)
    .where('status', '=', 'in_flight');
}

const storeResponse = precompiledQuery(storeResponseQuery);

interface CompleteIdempotentRequestInput {
  readonly appId: string;
  readonly key: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

function storedResponseOf(input: CompleteIdempotentRequestInput): StoredResponse {
  return {
    appId: input.appId,
    key: input.key,
    status: input.status,
    headers: JSON.stringify(input.headers),
    body: input.body,
  };
}

/**
 * completeIdempotentRequest as a compiled query not yet run, to join another statement (on PostgreSQL a
 * writable CTE of it: the same round trip).
 */
export function completeIdempotentRequestQuery(db: Kysely<Database>, input: CompleteIdempotentRequestInput) {
  return storeResponse(db, storedResponseOf(input));
}

/** Stores the response of a started request, to be replayed. The first completion wins. */
export async function completeIdempotentRequest(
  db: Kysely<Database>,
  input: CompleteIdempotentRequestInput,
): Promise<void> {
  await db.executeQuery(completeIdempotentRequestQuery(db, input));
}

/** Forgets a started request (after a 5xx), so that the client can retry with the same key. */
export async function releaseIdempotentRequest(
  db: Kysely<Database>,
  input: { readonly appId: string; readonly key: string },
): Promise<void> {
  await db
    .deleteFrom('idempotency_records')
    .where('app_id', '=', input.appId)
    .where('idem_key', '=', input.key)
    .where('status', '=', 'in_flight')
    .execute();
}

/** Deletes records past their expiry; returns how many. */
export async function purgeExpiredIdempotencyRecords(db: Kysely<Database>, now: EpochMs): Promise<number> {
  const result = await db.deleteFrom('idempotency_records').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
