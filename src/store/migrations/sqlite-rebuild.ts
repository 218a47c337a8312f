import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * SQLite: recreates `table` from its own CREATE statement as `change` rewrites it, with its rows and
 * indexes. Only for tables no foreign key points at (dropping the old one would check those keys).
 */
export async function rebuildSqliteTable(
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

/** The CREATE statement of a rowid table made WITHOUT ROWID, and back. */
const withoutRowid = (create: string): string => `${create} without rowid`;
const withRowid = (create: string): string => create.replace(/\s+without rowid\s*$/i, '');

/** A migration that makes SQLite's `tables` WITHOUT ROWID, and back; PostgreSQL has no rowid: nothing there. */
export function withoutRowidMigration(tables: readonly string[]): Required<Migration> {
  return {
    async up(db) {
      if (dialectOf(db as never) !== 'sqlite') return;
      for (const table of tables) await rebuildSqliteTable(db, table, withoutRowid);
    },
    async down(db) {
      if (dialectOf(db as never) !== 'sqlite') return;
      for (const table of tables) await rebuildSqliteTable(db, table, withRowid);
    },
  };
}
