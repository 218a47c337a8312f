import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Recurring agreements (a buyer signs once, the merchant deducts later within limits), their deductions,
 * and FX quotes. Amounts are text: integer strings in the currency's minimum unit, since 18-decimal
 * crypto amounts do not fit a bigint column's safe range in JavaScript.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema
    .createTable('agreements')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('merchant_agreement_no', 'text')
    .addColumn('provider_agreement_no', 'text')
    .addColumn('agreement_type', 'text', (c) => c.notNull())
    .addColumn('scene_code', 'text', (c) => c.notNull())
    .addColumn('product_code', 'text', (c) => c.notNull())
    .addColumn('buyer_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('currency_type', 'text', (c) => c.notNull())
    .addColumn('single_limit', 'text')
    .addColumn('period_limits', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('sign_url', 'text', (c) => c.notNull())
    .addColumn('qr_code', 'text', (c) => c.notNull())
    .addColumn('sign_url_expires_at', int8, (c) => c.notNull())
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addForeignKeyConstraint('agreements_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await db.schema
    .createIndex('agreements_app_created_idx')
    .on('agreements')
    .columns(['app_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('agreements_app_merchant_no_idx')
    .on('agreements')
    .columns(['app_id', 'merchant_agreement_no'])
    .unique()
    .execute();

  await db.schema
    .createTable('agreement_deductions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('refunded', 'text', (c) => c.notNull())
    .addColumn('provider_trade_no', 'text')
    .addColumn('crypto_payment', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addForeignKeyConstraint('agreement_deductions_agreement_fk', ['agreement_id'], 'agreements', ['id'])
    .execute();
  await db.schema
    .createIndex('agreement_deductions_agreement_created_idx')
    .on('agreement_deductions')
    .columns(['agreement_id', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('fx_quotes')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('from_currency', 'text', (c) => c.notNull())
    .addColumn('to_currency', 'text', (c) => c.notNull())
    .addColumn('rate', 'text', (c) => c.notNull())
    .addColumn('expires_at', int8, (c) => c.notNull())
    .addColumn('created_at', int8, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('fx_quotes').ifExists().execute();
  await db.schema.dropTable('agreement_deductions').ifExists().execute();
  await db.schema.dropTable('agreements').ifExists().execute();
}
