import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { dialectOf } from '../dialect.js';
import type { Database } from '../schema.js';
import * as m001 from './001-initial.js';
import * as m002 from './002-charges.js';
import * as m003 from './003-daily-totals.js';
import * as m004 from './004-drop-unused-indexes.js';
import * as m005 from './005-channel-configs.js';
import * as m006 from './006-security.js';
import * as m008 from './008-transfers.js';
import * as m009 from './009-agreements.js';
import * as m010 from './010-pingpp.js';
import * as m011 from './011-deduction-refunds.js';
import * as m012 from './012-signing-secret-roll.js';
import * as m013 from './013-singleton-jobs.js';
import * as m014 from './014-dashboard-sessions.js';
import * as m015 from './015-pingpp-require-signature.js';
import * as m016 from './016-webhook-attempt-exchange.js';
import * as m017 from './017-refund-currency.js';
import * as m018 from './018-refuse-function.js';
import * as m019 from './019-sqlite-without-rowid.js';
import * as m020 from './020-sqlite-append-tables-without-rowid.js';
import * as m021 from './021-pingpp-payouts.js';

/**
 * Every migration, by name (names sort in the order they apply). Imported, not scanned from disk, so
 * that migrations run the same from `src/` (tsx, vitest) and from `dist/`.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': m001,
  '002-charges': m002,
  '003-daily-totals': m003,
  '004-drop-unused-indexes': m004,
  '005-channel-configs': m005,
  '006-security': m006,
  '008-transfers': m008,
  '009-agreements': m009,
  '010-pingpp': m010,
  '011-deduction-refunds': m011,
  '012-signing-secret-roll': m012,
  '013-singleton-jobs': m013,
  '014-dashboard-sessions': m014,
  '015-pingpp-require-signature': m015,
  '016-webhook-attempt-exchange': m016,
  '017-refund-currency': m017,
  '018-refuse-function': m018,
  '019-sqlite-without-rowid': m019,
  '020-sqlite-append-tables-without-rowid': m020,
  '021-pingpp-payouts': m021,
};

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

async function migrator(db: Kysely<Database>): Promise<Migrator> {
  // On PostgreSQL, pin Kysely's bookkeeping tables to the schema this connection works in (the
  // `?schema=` of the URL, else `public`): unpinned, Kysely would find a `kysely_migration` table of
  // another schema in the same database and skip creating ours.
  let migrationTableSchema: string | undefined;
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
    if (!migrationTableSchema) throw new Error('PostgreSQL has no current schema: check the search_path');
  }
  return new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
}

/**
 * Applies every pending migration; returns the names applied (empty when up to date). Safe to call on
 * every start and from several processes at once. On PostgreSQL Kysely's Migrator holds an advisory
 * lock and runs in one transaction. On SQLite (where Kysely runs migrations outside a transaction and
 * takes no lock) the whole run is one `BEGIN IMMEDIATE` transaction: it takes the database's write
 * lock first, so a second process waits (busy_timeout) and then finds nothing to do.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (dialectOf(db) !== 'sqlite' || db.isTransaction) return runMigrations(db);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const applied = await runMigrations(conn);
      await sql`commit`.execute(conn);
      return applied;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw err;
    }
  });
}

async function runMigrations(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await (await migrator(db)).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration${failed ? ` ${failed}` : ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Names of the migrations already applied, in order. */
export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const all = await (await migrator(db)).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}
