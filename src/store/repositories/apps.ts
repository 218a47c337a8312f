import type { Kysely } from 'kysely';
import type { App, Database, EpochMs } from '../schema.js';

export async function getApp(db: Kysely<Database>, appId: string): Promise<App | undefined> {
  return db.selectFrom('apps').selectAll().where('id', '=', appId).executeTakeFirst();
}

export interface AppSettingsUpdate {
  readonly requireSignature?: boolean;
  /** IPs/CIDRs allowed to call; null (or an empty list) removes the restriction. */
  readonly ipAllowlist?: readonly string[] | null;
  /** Largest number of concurrent requests; null removes the limit. */
  readonly concurrencyLimit?: number | null;
  /** Defaults to the current time. */
  readonly now?: EpochMs;
}

/** Changes the given settings (absent fields are kept); true when the app exists. */
export async function updateAppSettings(
  db: Kysely<Database>,
  appId: string,
  update: AppSettingsUpdate,
): Promise<boolean> {
  const { requireSignature, ipAllowlist, concurrencyLimit } = update;
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
    })
    .where('id', '=', appId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
