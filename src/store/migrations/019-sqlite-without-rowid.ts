import { withoutRowidMigration } from './sqlite-rebuild.js';

/**
 * SQLite: the small tables every charge writes by their composite key (its nonce, its daily totals,
 * the ledger balances it moves) become WITHOUT ROWID tables. A rowid table with a text primary key is
 * two B-trees (the rows, and the key's index); each upsert wrote both and each transaction logged a page
 * of each. PostgreSQL has no rowid: nothing changes there.
 */
export const { up, down } = withoutRowidMigration(['request_nonces', 'daily_totals', 'ledger_balances']);
