import { type Kysely, sql } from 'kysely';

/**
 * The Ping++-compatible API's own "signatures required" setting (`Pingplusplus-Signature`, RSA), apart
 * from `require_signature` (polypay's `X-Polypay-Signature`, HMAC): until now one flag required both.
 * Apps that had it on keep Ping++ signatures required, so that no app is less protected after the upgrade.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('apps')
    .addColumn('pingpp_require_signature', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update apps set pingpp_require_signature = require_signature`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('apps').dropColumn('pingpp_require_signature').execute();
}
