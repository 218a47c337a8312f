import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Payouts: transfers and red envelopes in one table (`kind`), funded from the merchant's available
 * balance. `out_transfer_no` is unique per app and kind; lists page by (app, kind, created_at, id); the
 * resolution job and callbacks find a payout by id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('out_transfer_no', 'text', (c) => c.notNull())
    .addColumn('amount', int8, (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('remark', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    /** Whether the channel has taken the request (false: refused as busy; a retry sends it again). */
    .addColumn('submitted', int8, (c) => c.notNull().defaultTo(0))
    .addColumn('channel_transfer_no', 'text')
    .addColumn('pending_code', 'text')
    .addColumn('action_url', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('channel_error', 'text')
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addColumn('finished_at', int8)
    .addForeignKeyConstraint('transfers_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await db.schema
    .createIndex('transfers_out_no_idx')
    .unique()
    .on('transfers')
    .columns(['app_id', 'kind', 'out_transfer_no'])
    .execute();
  await db.schema
    .createIndex('transfers_app_created_idx')
    .on('transfers')
    .columns(['app_id', 'kind', 'created_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('transfers').ifExists().execute();
}
