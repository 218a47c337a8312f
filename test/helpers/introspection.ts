import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/store/index.js';

/**
 * The tables of a test database. Kysely's PostgreSQL introspection reads the catalog of every schema of
 * the database; a schema another test drops meanwhile makes it fail with "schema … does not exist"
 * (3F000): ask again then.
 */
export async function introspectTables(db: Kysely<Database>) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.introspection.getTables();
    } catch (error) {
      if ((error as { code?: string }).code !== '3F000' || attempt >= 5) throw error;
    }
  }
}

/** Whether a SQLite table has a rowid (a WITHOUT ROWID table refuses to select it). */
export async function hasRowid(db: Kysely<Database>, table: string): Promise<boolean> {
  return sql`select rowid from ${sql.table(table)} limit 1`.execute(db).then(
    () => true,
    () => false,
  );
}

/** A SQLite table's indexes as `name: CREATE statement` (`(key)` for the key's own), by name. */
export async function sqliteIndexesOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string; sql: string | null }>`
    select name, sql from sqlite_master where tbl_name = ${table} and type = 'index' order by name`.execute(
    db,
  );
  return rows.map((r) => `${r.name}: ${r.sql ?? '(key)'}`);
}
