import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Running daily totals per merchant, store and buyer, so that daily limits are one row read and one
 * atomic increment, checked in the transaction that records the charge (concurrent charges cannot
 * together pass a limit), instead of a sum over the day's charges.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('daily_totals')
    .ifNotExists()
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('amount', int8, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('daily_totals_pk', ['merchant_id', 'scope', 'scope_id', 'day'])
    .execute();
  await db.schema.alterTable('charges').addColumn('limit_day', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('charges').dropColumn('limit_day').execute();
  await db.schema.dropTable('daily_totals').ifExists().execute();
}
