import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * SQLite: the small tables every charge writes by their composite key (its nonce, its daily totals,
 * the ledger balances it moves) become WITHOUT ROWID tables. A rowid table with a text primary key is
 * two B-trees (the rows, and the key's index); each upsert wrote both and each transaction logged a page
 * of each. PostgreSQL has no rowid: nothing changes there.
 */
const TABLES = ['request_nonces', 'daily_totals', 'ledger_balances'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'sqlite') return;
  for (const table of TABLES) await rebuild(db, table, (create) => `${create} without rowid`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'sqlite') return;
  for (const table of TABLES)
    await rebuild(db, table, (create) => create.replace(/\s+without rowid\s*$/i, ''));
}

/** Recreates `table` from its own CREATE statement as `change` rewrites it, with its rows and indexes. */
async function rebuild(
  db: Kysely<unknown>,
  table: string,
  change: (create: string) => string,
): Promise<void> {
  const { rows: tables } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  const create = tables[0]?.sql;
  if (!create) throw new Error(`no table ${table}`);
  const { rows: indexes } = await sql<{ sql: string }>`
    select sql from sqlite_master where type = 'index' and tbl_name = ${table} and sql is not null`.execute(
    db,
  );
  const next = `${table}_next`;
  const renamed = create.replace(/^create table\s+("?)[a-z_]+\1/i, `create table "${next}"`);
  if (renamed === create) throw new Error(`cannot read the CREATE statement of ${table}`);
  await sql.raw(change(renamed)).execute(db);
  await sql`insert into ${sql.table(next)} select * from ${sql.table(table)}`.execute(db);
  await sql`drop table ${sql.table(table)}`.execute(db);
  await sql`alter table ${sql.table(next)} rename to ${sql.table(table)}`.execute(db);
  for (const index of indexes) await sql.raw(index.sql).execute(db);
}
