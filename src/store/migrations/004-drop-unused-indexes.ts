import type { Kysely } from 'kysely';

/**
 * Indexes that only cost writes: daily limits read running totals (003) instead of summing charges per
 * buyer and per store, and no query looks ledger entries up by journal or by account (balances are kept
 * in ledger_balances; balance transactions are read by merchant and time).
 */
const UNUSED: readonly (readonly [name: string, table: string, columns: string[]])[] = [
  ['charges_buyer_paid_idx', 'charges', ['merchant_id', 'buyer_id', 'paid_at']],
  ['charges_store_paid_idx', 'charges', ['merchant_id', 'store_id', 'paid_at']],
  ['ledger_entries_journal_idx', 'ledger_entries', ['journal_id']],
  ['ledger_entries_account_idx', 'ledger_entries', ['merchant_id', 'account']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name] of UNUSED) await db.schema.dropIndex(name).ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of UNUSED) {
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  }
}
