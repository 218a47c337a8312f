import type { Kysely } from 'kysely';
import { pastPosition } from '../keyset.js';
import { noteSettingsChanged } from '../read-cache.js';
import type { ChannelConfig, Database, EpochMs, NewChannelConfig } from '../schema.js';

/** The app that owns configurations (every query names both the merchant and the app). */
export interface ConfigOwner {
  readonly merchantId: string;
  readonly appId: string;
}

/** A new configuration; the next charge of its app sees it (the read caches drop what they hold). */
export async function insertChannelConfig(
  db: Kysely<Database>,
  row: NewChannelConfig,
): Promise<ChannelConfig> {
  const inserted = await db
    .insertInto('channel_configs')
    .values(row)
    .returningAll()
    .executeTakeFirstOrThrow();
  noteSettingsChanged();
  return inserted;
}

/** A configuration by id alone: the registry's lookup for a charge that names it. */
export async function getChannelConfigById(
  db: Kysely<Database>,
  id: string,
): Promise<ChannelConfig | undefined> {
  return db.selectFrom('channel_configs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getChannelConfig(
  db: Kysely<Database>,
  owner: ConfigOwner,
  id: string,
): Promise<ChannelConfig | undefined> {
  return db
    .selectFrom('channel_configs')
    .selectAll()
    .where('id', '=', id)
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .executeTakeFirst();
}

/** An app's enabled configurations, newest first (the newest matching one serves a new charge). */
export async function enabledChannelConfigs(db: Kysely<Database>, appId: string): Promise<ChannelConfig[]> {
  return db
    .selectFrom('channel_configs')
    .selectAll()
    .where('app_id', '=', appId)
    .where('status', '=', 'enabled')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** One page of an app's configurations, newest first like every list; `limit + 1` rows tell whether more follow. */
export async function listChannelConfigs(
  db: Kysely<Database>,
  owner: ConfigOwner,
  page: { readonly limit: number; readonly after?: { createdAt: number; id: string } | undefined },
): Promise<ChannelConfig[]> {
  const after = page.after;
  return db
    .selectFrom('channel_configs')
    .selectAll()
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .$if(after !== undefined, (qb) => qb.where((eb) => pastPosition(eb, after!, '<')))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
}

/** Marks a configuration disabled (kept: its charges still need it); undefined when it does not exist. */
export async function disableChannelConfig(
  db: Kysely<Database>,
  owner: ConfigOwner,
  id: string,
  now: EpochMs,
): Promise<ChannelConfig | undefined> {
  await db
    .updateTable('channel_configs')
    .set({ status: 'disabled', updated_at: now })
    .where('id', '=', id)
    .where('app_id', '=', owner.appId)
    .where('merchant_id', '=', owner.merchantId)
    .where('status', '!=', 'disabled')
    .execute();
  noteSettingsChanged();
  return getChannelConfig(db, owner, id);
}

/** The connector's sealed state of a configuration (null before it saved any). */
export async function loadConnectorState(
  db: Kysely<Database>,
  config: { readonly id: string; readonly merchantId: string },
): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('channel_configs')
    .select('state_enc')
    .where('id', '=', config.id)
    .where('merchant_id', '=', config.merchantId)
    .executeTakeFirst();
  return row?.state_enc;
}

/** Replaces the connector's sealed state (not a change of the configuration: `updated_at` stays). */
export async function saveConnectorState(
  db: Kysely<Database>,
  config: { readonly id: string; readonly merchantId: string },
  stateEnc: string,
): Promise<void> {
  await db
    .updateTable('channel_configs')
    .set({ state_enc: stateEnc })
    .where('id', '=', config.id)
    .where('merchant_id', '=', config.merchantId)
    .execute();
}
