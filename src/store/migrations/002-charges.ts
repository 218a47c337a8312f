import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Indexes the charge flows need (listing per app, daily limit sums per buyer and store) and the table
 * where the sandbox channel keeps the buyer's actions on QR and wap charges (the one piece of sandbox
 * state: everything else the sandbox answers is a function of the request and the clock).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  const index = (name: string, on: string, columns: string[]) =>
    db.schema.createIndex(name).ifNotExists().on(on).columns(columns).execute();
  await index('charges_app_created_idx', 'charges', ['app_id', 'created_at', 'id']);
  await index('charges_buyer_paid_idx', 'charges', ['merchant_id', 'buyer_id', 'paid_at']);
  await index('charges_store_paid_idx', 'charges', ['merchant_id', 'store_id', 'paid_at']);
  await index('charges_unsettled_idx', 'charges', ['merchant_id', 'settled_at', 'paid_at']);
  await index('ledger_entries_merchant_created_idx', 'ledger_entries', ['merchant_id', 'created_at', 'id']);
  await db.schema
    .createTable('sandbox_buyer_actions')
    .ifNotExists()
    .addColumn('charge_id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text', (c) => c.notNull())
    .addColumn('at', int8, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_buyer_actions').ifExists().execute();
  for (const name of [
    'charges_app_created_idx',
    'charges_buyer_paid_idx',
    'charges_store_paid_idx',
    'charges_unsettled_idx',
    'ledger_entries_merchant_created_idx',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
