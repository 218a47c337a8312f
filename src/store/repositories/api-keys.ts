import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../domain/ids.js';
import { noteSettingsChanged } from '../read-cache.js';
import type { ApiKeyKind, AppMode, Database, EpochMs, MerchantStatus } from '../schema.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Bytes at or above 248 (= 4 × 62) are dropped so that `byte % 62` is uniform. */
const UNBIASED_LIMIT = 248;
export const API_KEY_RANDOM_LENGTH = 32;
export const API_KEY_PREFIX_LENGTH = 12;

/** `length` uniformly random base62 characters. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length + 8)) {
      if (byte < UNBIASED_LIMIT && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** sha256 hex of an API key: the only form in which keys are stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const KEY_PREFIXES: Record<ApiKeyKind, string> = { secret: 'sk', restricted: 'rk', operator: 'op' };

/**
 * A new plaintext key: `sk_test_…`/`sk_live_…` (secret), `rk_test_…`/`rk_live_…` (restricted: read
 * only) or `op_test_…`/`op_live_…` (operator).
 */
export function generateApiKey(kind: ApiKeyKind, mode: AppMode): string {
  return `${KEY_PREFIXES[kind]}_${mode}_${randomBase62(API_KEY_RANDOM_LENGTH)}`;
}

export interface CreateApiKeyInput {
  readonly merchantId: string;
  readonly appId: string;
  readonly kind: ApiKeyKind;
  readonly mode: AppMode;
  /** Defaults to the current time. */
  readonly now?: EpochMs;
  readonly id?: string;
}

/**
 * Creates a key and returns it in plaintext; only its hash and display prefix are stored. Nothing cached
 * can be stale after it: unknown keys are never cached (src/store/read-cache.ts).
 */
export async function createApiKey(db: Kysely<Database>, input: CreateApiKeyInput): Promise<string> {
  const key = generateApiKey(input.kind, input.mode);
  await db
    .insertInto('api_keys')
    .values({
      id: input.id ?? newId('key'),
      merchant_id: input.merchantId,
      app_id: input.appId,
      kind: input.kind,
      key_hash: hashApiKey(key),
      key_prefix: key.slice(0, API_KEY_PREFIX_LENGTH),
      created_at: input.now ?? Date.now(),
    })
    .execute();
  return key;
}

/** What authentication learns from an active key, in one query. */
export interface ActiveKey {
  readonly keyId: string;
  readonly kind: ApiKeyKind;
  readonly appId: string;
  readonly merchantId: string;
  readonly merchantStatus: MerchantStatus;
  readonly appMode: AppMode;
  readonly requireSignature: boolean;
  /** The Ping++-compatible API's own: Pingplusplus-Signature required. */
  readonly pingppRequireSignature: boolean;
  readonly signingSecretEnc: string;
  /** A rolled-out signing secret still accepted until `previousSigningSecretExpiresAt`. */
  readonly previousSigningSecretEnc: string | null;
  readonly previousSigningSecretExpiresAt: EpochMs | null;
  readonly ipAllowlist: string[] | null;
  readonly concurrencyLimit: number | null;
  readonly timeZone: string;
  /** When a rolled key stops working (null: until revoked); a cached answer checks it at each use. */
  readonly revokedAt: EpochMs | null;
}

/** What authentication reads of a key, its app and its merchant (api_keys k, apps a, merchants m). */
export const ACTIVE_KEY_COLUMNS = [
  'k.id as keyId',
  'k.kind',
  'k.app_id as appId',
  'k.merchant_id as merchantId',
  'm.status as merchantStatus',
  'm.time_zone as timeZone',
  'a.mode as appMode',
  'a.require_signature',
  'a.pingpp_require_signature',
  'a.signing_secret_enc as signingSecretEnc',
  'a.previous_signing_secret_enc as previousSigningSecretEnc',
  'a.previous_signing_secret_expires_at as previousSigningSecretExpiresAt',
  'a.ip_allowlist',
  'a.concurrency_limit as concurrencyLimit',
  'k.revoked_at as revokedAt',
] as const;

/** The ActiveKey of a row selected with ACTIVE_KEY_COLUMNS. */
export function activeKeyOf<
  R extends {
    require_signature: number;
    pingpp_require_signature: number;
    ip_allowlist: string | null;
    revokedAt: EpochMs | null;
  },
>(
  row: R,
): Omit<R, 'require_signature' | 'pingpp_require_signature' | 'ip_allowlist' | 'revokedAt'> & {
  requireSignature: boolean;
  pingppRequireSignature: boolean;
  ipAllowlist: string[] | null;
  revokedAt: EpochMs | null;
} {
  const { require_signature, pingpp_require_signature, ip_allowlist, revokedAt, ...rest } = row;
  return {
    ...rest,
    requireSignature: require_signature === 1,
    pingppRequireSignature: pingpp_require_signature === 1,
    ipAllowlist: ip_allowlist === null ? null : (JSON.parse(ip_allowlist) as string[]),
    // PostgreSQL answers a bigint as a string.
    revokedAt: revokedAt === null ? null : Number(revokedAt),
  };
}

/**
 * The active key with this hash. A rolled key stays `active` with `revoked_at` in the future (its overlap)
 * and stops working at that time.
 */
export async function findActiveKey(
  db: Kysely<Database>,
  keyHash: string,
  now: EpochMs = Date.now(),
): Promise<ActiveKey | undefined> {
  const row = await db
    .selectFrom('api_keys as k')
    .innerJoin('apps as a', 'a.id', 'k.app_id')
    .innerJoin('merchants as m', 'm.id', 'k.merchant_id')
    .select(ACTIVE_KEY_COLUMNS)
    .where('k.key_hash', '=', keyHash)
    .where('k.status', '=', 'active')
    .where((eb) => eb.or([eb('k.revoked_at', 'is', null), eb('k.revoked_at', '>', now)]))
    .executeTakeFirst();
  if (!row) return undefined;
  return activeKeyOf(row);
}

/** Which key to revoke: by id or by its plaintext, optionally only within one app or merchant. */
export type RevokeKeyInput = ({ readonly keyId: string } | { readonly key: string }) & {
  readonly appId?: string;
  readonly merchantId?: string;
  readonly now: EpochMs;
};

/**
 * Revokes a key; true when an active key was revoked. Given the store's db (not a caller's transaction),
 * so that the change is committed when it is noted to the read caches.
 */
export async function revokeKey(db: Kysely<Database>, input: RevokeKeyInput): Promise<boolean> {
  let query = db
    .updateTable('api_keys')
    .set({ status: 'revoked', revoked_at: input.now })
    .where('status', '=', 'active');
  query =
    'keyId' in input
      ? query.where('id', '=', input.keyId)
      : query.where('key_hash', '=', hashApiKey(input.key));
  if (input.appId !== undefined) query = query.where('app_id', '=', input.appId);
  if (input.merchantId !== undefined) query = query.where('merchant_id', '=', input.merchantId);
  const result = await query.executeTakeFirst();
  const revoked = result.numUpdatedRows > 0n;
  if (revoked) noteSettingsChanged();
  return revoked;
}

export interface RollKeyInput {
  readonly keyId: string;
  /** How long the old key keeps working (0: it stops now). */
  readonly overlapMs: EpochMs;
  readonly now: EpochMs;
  readonly appId?: string;
  readonly merchantId?: string;
  /** Only keys of these kinds (the merchant API never rolls operator keys). */
  readonly kinds?: readonly ApiKeyKind[];
}

/**
 * Replaces a key with a new one of the same kind and app; the old key keeps working for `overlapMs`, so
 * that running processes can move to the new one. Undefined when no such active key exists.
 */
export async function rollApiKey(
  db: Kysely<Database>,
  input: RollKeyInput,
): Promise<{ readonly id: string; readonly key: string; readonly oldKeyExpiresAt: EpochMs } | undefined> {
  const rolled = await db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('api_keys as k')
      .innerJoin('apps as a', 'a.id', 'k.app_id')
      .select(['k.id', 'k.kind', 'k.app_id', 'k.merchant_id', 'k.revoked_at', 'a.mode'])
      .where('k.id', '=', input.keyId)
      .where('k.status', '=', 'active');
    if (input.appId !== undefined) query = query.where('k.app_id', '=', input.appId);
    if (input.merchantId !== undefined) query = query.where('k.merchant_id', '=', input.merchantId);
    if (input.kinds !== undefined) query = query.where('k.kind', 'in', [...input.kinds]);
    const old = await query.executeTakeFirst();
    if (!old || (old.revoked_at !== null && old.revoked_at <= input.now)) return undefined;
    const id = newId('key');
    const key = await createApiKey(trx, {
      id,
      merchantId: old.merchant_id,
      appId: old.app_id,
      kind: old.kind,
      mode: old.mode,
      now: input.now,
    });
    const oldKeyExpiresAt = input.now + input.overlapMs;
    await trx
      .updateTable('api_keys')
      .set(
        input.overlapMs === 0
          ? { status: 'revoked', revoked_at: input.now }
          : {
              revoked_at:
                old.revoked_at === null ? oldKeyExpiresAt : Math.min(old.revoked_at, oldKeyExpiresAt),
            },
      )
      .where('id', '=', old.id)
      .execute();
    return { id, key, oldKeyExpiresAt };
  });
  // The old key's cached answer must learn its new end (`revoked_at`).
  if (rolled) noteSettingsChanged();
  return rolled;
}
