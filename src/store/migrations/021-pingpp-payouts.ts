import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * What a Ping++ transfer or red envelope request carries that a polypay payout has no field for: the
 * Ping++ `channel` (`wx`, `wx_pub` and `wx_lite` are all one wallet-user destination), `metadata`, the
 * `extra` fields the destination does not hold, and a red envelope's `body`. Keyed like the payout's own
 * order number (app, kind, order_no), written in the payout's transaction: the first request wins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('pingpp_payouts')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('order_no', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('created_at', int8, (c) => c.notNull())
    .addPrimaryKeyConstraint('pingpp_payouts_pk', ['app_id', 'kind', 'order_no'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pingpp_payouts').execute();
}
