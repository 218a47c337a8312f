import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The Ping++-compatible surface:
 * - an app may upload the RSA public key that verifies its Ping++ SDK's request signatures
 *   (`Pingplusplus-Signature`), and holds the RSA key pair polypay signs Ping++-format webhooks with
 *   (`x-pingplusplus-signature`; the public key is shown to the merchant, the private key is sealed);
 * - a webhook endpoint says which format it receives: polypay's own events or Ping++'s;
 * - what a Ping++ charge request carries that a polypay charge has no field for (`client_ip`,
 *   `description`, `extra`), by the app's order number, to answer it back as Ping++ does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('pingpp_charges')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('order_no', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('client_ip', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('created_at', int8, (c) => c.notNull())
    .addPrimaryKeyConstraint('pingpp_charges_pk', ['app_id', 'order_no'])
    .execute();
  await db.schema.alterTable('apps').addColumn('pingpp_public_key', 'text').execute();
  await db.schema.alterTable('apps').addColumn('pingpp_webhook_public_key', 'text').execute();
  await db.schema.alterTable('apps').addColumn('pingpp_webhook_private_key_enc', 'text').execute();
  await db.schema
    .alterTable('webhook_endpoints')
    .addColumn('format', 'text', (c) => c.notNull().defaultTo('polypay'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pingpp_charges').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('format').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_webhook_private_key_enc').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_webhook_public_key').execute();
  await db.schema.alterTable('apps').dropColumn('pingpp_public_key').execute();
}
