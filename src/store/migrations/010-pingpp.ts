import type { Kysely } from 'kysely';

/**
 * The Ping++-compatible surface:
 * - an app may upload the RSA public key that verifies its Ping++ SDK's request signatures
 *   (`Pingplusplus-Signature`), and holds the RSA key pair polypay signs Ping++-format webhooks with
 *   (`x-pingplusplus-signature`; the public key is shown to the merchant, the private key is sealed);
 * - a webhook endpoint says which format it receives: polypay's own events or Ping++'s.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('apps').addColumn('pingpp_public_key', 'text').execute();
  await db.schema.alterTable('apps').addColumn('pingpp_webhook_public_key', 'text').execute();
  await db.schema.alterTable('apps').addColumn('pingpp_webhook_private_key_enc', 'text').execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('polypay'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_endpoints').dropColumn('format').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_webhook_private_key_enc').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_webhook_public_key').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_public_key').execute();
}
