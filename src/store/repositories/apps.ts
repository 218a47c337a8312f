import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { dialectOf, lockForUpdate } from '../dialect.js';
import { noteSettingsChanged } from '../read-cache.js';
import type { App, AppMode, Database, EpochMs } from '../schema.js';
import type { SecretBox } from '../secret-box.js';

/** An app's mode never changes, so it is remembered (bounded: the oldest entries are dropped). */
const MODE_CACHE_SIZE = 10_000;
const modes = new Map<string, AppMode>();

/** The mode of an app: which money (test or live) its charges and refunds move. */
export async function appModeOf(db: Kysely<Database>, appId: string): Promise<AppMode> {
  const known = modes.get(appId);
  if (known !== undefined) return known;
  const row = await db.selectFrom('apps').select('mode').where('id', '=', appId).executeTakeFirst();
  if (!row) throw new Error(`no app ${appId}`);
  if (modes.size >= MODE_CACHE_SIZE) {
    const oldest = modes.keys().next();
    if (!oldest.done) modes.delete(oldest.value);
  }
  modes.set(appId, row.mode);
  return row.mode;
}

export async function getApp(db: Kysely<Database>, appId: string): Promise<App | undefined> {
  return db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
}

export interface AppSettingsUpdate {
  readonly requireSignature?: boolean;
  /** IPs/CIDRs allowed to call; null (or an empty list) removes the restriction. */
  readonly ipAllowlist?: readonly string[] | null;
  /** Largest number of concurrent requests; null removes the limit. */
  readonly concurrencyLimit?: number | null;
  /** PEM of the RSA key verifying Ping++ request signatures; null removes it. */
  readonly pingppPublicKey?: string | null;
  /** Refuse Ping++-compatible requests without Pingplusplus-Signature. */
  readonly pingppRequireSignature?: boolean;
  /** Defaults to the current time. */
  readonly now?: EpochMs;
}

/**
 * Changes the given settings (absent fields are kept); true when the app exists. The read caches of the
 * process drop what they hold (src/store/read-cache.ts), so the next request sees the new settings.
 */
export async function updateAppSettings(
  db: Kysely<Database>,
  appId: string,
  update: AppSettingsUpdate,
): Promise<boolean> {
  const { requireSignature, ipAllowlist, concurrencyLimit, pingppPublicKey, pingppRequireSignature } = update;
  const result = await db
    .updateTable('apps')
    .set({
      updated_at: update.now ?? Date.now(),
      ...(requireSignature !== undefined ? { require_signature: requireSignature ? 1 : 0 } : {}),
      ...(ipAllowlist !== undefined
        ? {
            ip_allowlist:
              ipAllowlist === null || ipAllowlist.length === 0 ? null : JSON.stringify(ipAllowlist),
          }
        : {}),
      ...(concurrencyLimit !== undefined ? { concurrency_limit: concurrencyLimit } : {}),
      ...(pingppPublicKey !== undefined ? { pingpp_public_key: pingppPublicKey } : {}),
      ...(pingppRequireSignature !== undefined
        ? { pingpp_require_signature: pingppRequireSignature ? 1 : 0 }
        : {}),
    })
    .where('id', '=', appId)
    .executeTakeFirst();
  noteSettingsChanged();
  return result.numUpdatedRows > 0n;
}

export interface RollSigningSecretInput {
  readonly appId: string;
  /** Only an app of this merchant (the API's caller); the CLI rolls any app. */
  readonly merchantId?: string;
  /** How long the old secret is still accepted; 0 stops it at once. */
  readonly overlapMs: number;
  readonly now: EpochMs;
}

/**
 * Gives an app a new request signing secret (returned once, stored sealed). The old one is still
 * accepted for `overlapMs`, so that clients move over without a refused request; a secret rolled out
 * earlier and still in its overlap is retired. Undefined when the app does not exist.
 */
export async function rollSigningSecret(
  db: Kysely<Database>,
  box: SecretBox,
  input: RollSigningSecretInput,
): Promise<{ readonly signingSecret: string; readonly previousExpiresAt: EpochMs | null } | undefined> {
  const rolled = await db.transaction().execute(async (trx) => {
    let query = trx.selectFrom('apps').select(['id', 'signing_secret_enc']).where('id', '=', input.appId);
    if (input.merchantId !== undefined) query = query.where('merchant_id', '=', input.merchantId);
    // Locked, so that of two rolls at once the second keeps the first's secret in overlap, not the original.
    const app = await lockForUpdate(query, dialectOf(trx)).executeTakeFirst();
    if (!app) return undefined;
    const signingSecret = randomBytes(32).toString('hex');
    const previousExpiresAt = input.overlapMs > 0 ? input.now + input.overlapMs : null;
    await trx
      .updateTable('apps')
      .set({
        signing_secret_enc: box.encrypt(signingSecret),
        previous_signing_secret_enc: previousExpiresAt === null ? null : app.signing_secret_enc,
        previous_signing_secret_expires_at: previousExpiresAt,
        updated_at: input.now,
      })
      .where('id', '=', app.id)
      .execute();
    return { signingSecret, previousExpiresAt };
  });
  if (rolled) noteSettingsChanged();
  return rolled;
}
