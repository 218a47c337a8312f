import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Security hardening:
 * - webhook endpoints count consecutive timed-out attempts and can be paused by the gateway;
 * - `master_key_check` holds one value sealed with the master key, decrypted at start-up so that a
 *   process with the wrong key refuses to start instead of failing on every signed request;
 * - idempotency records stored before responses were sealed are dropped: their bodies may hold
 *   secrets (webhook secrets, terminal keys) in clear. They lose only their replay.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('consecutive_timeouts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('paused_at', int8).execute();
  await db.schema.alterTable('webhook_endpoints').addColumn('pause_reason', 'text').execute();
  await db.schema
    .createTable('master_key_check')
    .ifNotExists()
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', int8, (c) => c.notNull())
    .execute();
  await sql`delete from idempotency_records where response_body is not null and response_body not like 'v1:%'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('master_key_check').ifExists().execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('pause_reason').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('paused_at').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('consecutive_timeouts').execute();
}
