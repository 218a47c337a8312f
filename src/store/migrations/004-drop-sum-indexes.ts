import type { Kysely } from 'kysely';

/**
 * Daily limits read running totals (003) instead of summing charges per buyer and per store, so those
 * two indexes only cost writes now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('charges_buyer_paid_idx').ifExists().execute();
  await db.schema.dropIndex('charges_store_paid_idx').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('charges_buyer_paid_idx')
    .ifNotExists()
    .on('charges')
    .columns(['merchant_id', 'buyer_id', 'paid_at'])
    .execute();
  await db.schema
    .createIndex('charges_store_paid_idx')
    .ifNotExists()
    .on('charges')
    .columns(['merchant_id', 'store_id', 'paid_at'])
    .execute();
}
