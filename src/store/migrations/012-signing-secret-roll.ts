import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Rolling an app's request signing secret with an overlap: the rolled-out secret is kept, sealed, with
 * the moment it stops being accepted, so that clients can move to the new one without a failed request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('apps').addColumn('previous_signing_secret_enc', 'text').execute();
  await db.schema.alterTable('apps').addColumn('previous_signing_secret_expires_at', int8).execute();
}
