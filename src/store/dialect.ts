import { type Kysely, PostgresAdapter, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

export type StoreDialect = 'sqlite' | 'postgres';

/** Which dialect a Kysely instance (or a transaction of one) speaks. */
export function dialectOf(db: Kysely<unknown> | Kysely<Database>): StoreDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Adds `FOR UPDATE` on PostgreSQL, so that a transaction holds the selected rows until it commits.
 * On SQLite it is a no-op: a process has one connection, and Kysely's SqliteDriver hands it to one
 * transaction at a time, so transactions of one process already serialise.
 *
 * Caveat (SQLite): transactions are DEFERRED. When several *processes* share one SQLite file, a
 * transaction that reads and then writes can fail with SQLITE_BUSY while upgrading its lock (the
 * busy_timeout does not help in that case). polypay runs one process per SQLite file; use PostgreSQL
 * for several processes.
 */
export function lockForUpdate<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  dialect: StoreDialect,
): SelectQueryBuilder<DB, TB, O> {
  return dialect === 'postgres' ? qb.forUpdate() : qb;
}

/**
 * Runs `fn` in a transaction, or directly in the caller's transaction when `db` already is one
 * (Kysely does not nest transactions).
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

const SQLITE_UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

/** True when `err` is a unique (or primary key) violation from better-sqlite3 or pg (SQLSTATE 23505). */
/** PostgreSQL chose this statement's transaction as a deadlock's victim and rolled it back (40P01). */
export function isDeadlockVictim(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '40P01';
}

export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  const code = (err as { code: unknown }).code;
  return code === '23505' || (typeof code === 'string' && SQLITE_UNIQUE_CODES.has(code));
}
