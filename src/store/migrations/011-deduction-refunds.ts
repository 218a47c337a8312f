import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Deduction refunds as rows of their own (one may stay PROCESSING at the channel and complete later, by
 * webhook or by query), the fiat value the ledger books for each deduction (crypto-priced ones are booked
 * at the rate of their time), and the sandbox's record of the agreements it holds.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('agreement_deductions').addColumn('ledger_amount', int8).execute();
  await db.schema.alterTable('agreement_deductions').addColumn('ledger_currency', 'text').execute();
  await db.schema
    .createTable('agreement_deduction_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('deduction_id', 'text', (c) => c.notNull())
    .addColumn('agreement_id', 'text', (c) => c.notNull())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('amount', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ledger_amount', int8)
    .addColumn('ledger_currency', 'text')
    .addColumn('reason', 'text')
    .addColumn('provider_refund_no', 'text')
    .addColumn('failure_code', 'text')
    .addColumn('created_at', int8, (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addForeignKeyConstraint(
      'agreement_deduction_refunds_deduction_fk',
      ['deduction_id'],
      'agreement_deductions',
      ['id'],
    )
    .execute();
  await db.schema
    .createIndex('agreement_deduction_refunds_deduction_idx')
    .on('agreement_deduction_refunds')
    .columns(['deduction_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('sandbox_agreement_records')
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', int8, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_agreement_records').ifExists().execute();
  await db.schema.dropTable('agreement_deduction_refunds').ifExists().execute();
  await db.schema.alterTable('agreement_deductions').dropColumn('ledger_currency').execute();
  await db.schema.alterTable('agreement_deductions').dropColumn('ledger_amount').execute();
}
