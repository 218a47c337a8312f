import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * PostgreSQL: `polypay_refuse(reason)` raises SQLSTATE PY001 with the reason as its message. A statement
 * that writes and then finds a rule broken (a daily limit passed) calls it to abort itself, so that a
 * single statement, committed on its own without BEGIN/COMMIT, can refuse exactly like a transaction.
 * SQLite has no such statements: nothing to create there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'postgres') return;
  await sql`
    create or replace function polypay_refuse(reason text) returns boolean
    language plpgsql volatile as $$
    begin
      raise exception using errcode = 'PY001', message = reason;
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db as never) !== 'postgres') return;
  await sql`drop function if exists polypay_refuse(text)`.execute(db);
}
