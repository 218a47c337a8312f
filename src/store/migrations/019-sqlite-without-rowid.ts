import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';
import { rebuildSqliteTable, withoutRowid, withRowid } from './sqlite-rebuild.js';

/**
 * SQLite: the small tables every charge writes by their composite key (its nonce, its daily totals,
 * the ledger balances it moves) become WITHOUT ROWID tables. A rowid table with a text primary key is
 * two B-trees (the rows, and the key's index); each upsert wrote both and each transaction logged a page
 * of each. PostgreSQL has no rowid: nothing changes there.
 */
const TABLES = ['request_nonces', 'daily_totals', 'ledger_balances'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'sqlite') return;
  for (const table of TABLES) await rebuildSqliteTable(db, table, withoutRowid);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'sqlite') return;
  for (const table of TABLES) await rebuildSqliteTable(db, table, withRowid);
}
