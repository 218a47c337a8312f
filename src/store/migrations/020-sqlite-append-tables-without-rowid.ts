import { withoutRowidMigration } from './sqlite-rebuild.js';

/**
 * SQLite: the small-row tables every charge appends to by a text id (its flows, its resolution job, its
 * ledger entries) become WITHOUT ROWID tables, as 019 did for the keyed ones. A rowid table with a text
 * primary key is two B-trees, so each insert logged a page of both, and each update or delete by id
 * searched the key's index and then the rows. Rows stay small (no JSON documents), which is what a
 * WITHOUT ROWID table wants; charges, events and idempotency records carry documents and keep their
 * rowid. No foreign key points at these tables. PostgreSQL has no rowid: nothing changes there.
 */
export const { up, down } = withoutRowidMigration(['charge_flows', 'jobs', 'ledger_entries']);
