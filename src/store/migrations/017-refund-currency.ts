import { type Kysely, sql } from 'kysely';

/**
 * A refund names its currency, as the charge it refunds does (a refund alone, in a list or a webhook,
 * should say what its amount counts). Refunds made before take their charge's currency.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('refunds')
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await sql`update refunds set currency = (select c.currency from charges c where c.id = refunds.charge_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('refunds').dropColumn('currency').execute();
}
