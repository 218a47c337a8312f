import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Dashboard sessions: an API key exchanged for a cookie. Only the sha256 of the session token is
 * stored; the session acts with its key, so revoking the key ends its sessions too. Also indexes for
 * the events of one object and for an app's refunds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('dashboard_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('api_key_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('expires_at', int8, (c) => c.notNull())
    .addColumn('ended_at', int8)
    .addForeignKeyConstraint('dashboard_sessions_key_fk', ['api_key_id'], 'api_keys', ['id'])
    .execute();
  // The dashboard's charge timeline lists the events of one object.
  await db.schema
    .createIndex('events_app_object_idx')
    .on('events')
    .columns(['app_id', 'object_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('refunds_app_created_idx').execute();
  await db.schema.dropIndex('events_app_object_idx').execute();
  await db.schema.dropTable('dashboard_sessions').execute();
}
