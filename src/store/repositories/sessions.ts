import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../domain/ids.js';
import type { Database, EpochMs } from '../schema.js';
import { ACTIVE_KEY_COLUMNS, type ActiveKey, activeKeyOf, randomBase62 } from './api-keys.js';

/** sha256 hex of a session token: the only form in which tokens are stored. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface CreatedSession {
  readonly id: string;
  /** The cookie's value, answered once and never stored. */
  readonly token: string;
  readonly expiresAt: EpochMs;
}

export async function createSession(
  db: Kysely<Database>,
  input: {
    readonly keyId: string;
    readonly merchantId: string;
    readonly appId: string;
    readonly now: EpochMs;
    readonly ttlMs: number;
  },
): Promise<CreatedSession> {
  const token = `sess_${randomBase62(43)}`;
  const id = newId('sess');
  const expiresAt = input.now + input.ttlMs;
  await db
    .insertInto('dashboard_sessions')
    .values({
      id,
      token_hash: hashSessionToken(token),
      api_key_id: input.keyId,
      merchant_id: input.merchantId,
      app_id: input.appId,
      created_at: input.now,
      expires_at: expiresAt,
      ended_at: null,
    })
    .execute();
  return { id, token, expiresAt };
}

/** A live session and its key, as authentication needs them (the key must still be active). */
export interface ActiveSession extends ActiveKey {
  readonly sessionId: string;
  readonly expiresAt: EpochMs;
}

export async function findActiveSession(
  db: Kysely<Database>,
  tokenHash: string,
  now: EpochMs,
): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom('dashboard_sessions as s')
    .innerJoin('api_keys as k', 'k.id', 's.api_key_id')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('merchants as m', 'm.id', 'k.merchant_id')
    .select(['s.id as sessionId', 's.expires_at as expiresAt', ...ACTIVE_KEY_COLUMNS])
    .where('s.token_hash', '=', tokenHash)
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('k.status', '=', 'active')
    .where((eb) => eb.or([eb('k.revoked_at', 'is', null), eb('k.revoked_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return undefined;
  const { expiresAt, ...rest } = row;
  return { ...activeKeyOf(rest), expiresAt: Number(expiresAt) };
}

/** Ends a session (sign-out); answers whether it was live. */
export async function endSession(db: Kysely<Database>, sessionId: string, now: EpochMs): Promise<boolean> {
  const result = await db
    .updateTable('dashboard_sessions')
    .set({ ended_at: now })
    .where('id', '=', sessionId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes sessions that expired or were signed out before `now`; answers how many. */
export async function purgeEndedSessions(db: Kysely<Database>, now: EpochMs): Promise<number> {
  const result = await db
    .deleteFrom('dashboard_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('ended_at', 'is not', null)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
