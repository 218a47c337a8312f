import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Channel configurations as the registry reads them: per app (and its mode), which provider serves
 * which payways, sub_payways and currencies, at which base URL, with credentials and the connector's
 * own state (a Shouqianba terminal's key) encrypted at rest. 001 made a placeholder table that no code
 * ever wrote; it is replaced rather than altered, since SQLite cannot add NOT NULL columns without a
 * default that would mean nothing here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.dropIndex('channel_configs_app_idx').ifExists().execute();
  await db.schema.dropTable('channel_configs').ifExists().execute();
  await db.schema
    .createTable('channel_configs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('payways', 'text', (c) => c.notNull())
    .addColumn('sub_payways', 'text', (c) => c.notNull())
    .addColumn('currencies', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('credentials_enc', 'text', (c) => c.notNull())
    .addColumn('state_enc', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('enabled'))
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addForeignKeyConstraint('channel_configs_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  // A new charge reads an app's enabled configurations; lists page by (created_at, id).
  await db.schema
    .createIndex('channel_configs_app_created_idx')
    .on('channel_configs')
    .columns(['app_id', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.dropTable('channel_configs').ifExists().execute();
  await db.schema
    .createTable('channel_configs')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('payways', 'text', (c) => c.notNull())
    .addColumn('currencies', 'text', (c) => c.notNull())
    .addColumn('credentials_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addForeignKeyConstraint('channel_configs_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await db.schema.createIndex('channel_configs_app_idx').on('channel_configs').columns(['app_id']).execute();
}
