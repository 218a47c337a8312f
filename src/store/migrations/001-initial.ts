import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The initial schema (see schema.ts for the conventions). Written with the schema builder so that it
 * runs on both dialects; the only difference is the integer width (BIGINT on PostgreSQL, where int4
 * would overflow epoch milliseconds; INTEGER on SQLite, which is 64-bit anyway).
 *
 * Every statement is `IF NOT EXISTS`. migrateToLatest runs each migration in a transaction on both
 * dialects, so a crash leaves nothing half-made.
 */

type Builder = CreateTableBuilder<string, string>;
type ColumnFn = (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;

const notNull: ColumnFn = (c) => c.notNull();

interface Cols {
  int8: 'bigint' | 'integer';
}

/** `id TEXT PRIMARY KEY NOT NULL` (SQLite allows NULL in a non-integer primary key unless told). */
function withId(t: Builder): Builder {
  return t.addColumn('id', 'text', (c) => c.primaryKey().notNull());
}

function withMerchant(t: Builder): Builder {
  return t.addColumn('merchant_id', 'text', notNull);
}

function withTimestamps(t: Builder, c: Cols): Builder {
  return t.addColumn('created_at', c.int8, notNull).addColumn('updated_at', c.int8, notNull);
}

function texts(t: Builder, names: readonly string[], fn?: ColumnFn): Builder {
  return names.reduce((acc, name) => (fn ? acc.addColumn(name, 'text', fn) : acc.addColumn(name, 'text')), t);
}

function int8s(t: Builder, c: Cols, names: readonly string[]): Builder {
  return names.reduce((acc, name) => acc.addColumn(name, c.int8), t);
}

async function createAll(db: Kysely<unknown>, c: Cols): Promise<void> {
  const table = (name: string) => db.schema.createTable(name).ifNotExists();
  const index = (name: string, on: string, columns: string[]) =>
    db.schema.createIndex(name).ifNotExists().on(on).columns(columns).execute();
  const zero = (col: ColumnDefinitionBuilder) => col.notNull().defaultTo(0);

  await withTimestamps(
    withId(table('merchants'))
      .addColumn('name', 'text', notNull)
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
      .addColumn('time_zone', 'text', (col) => col.notNull().defaultTo('Asia/Shanghai')),
    c,
  ).execute();

  await withTimestamps(
    withMerchant(withId(table('apps')))
      .addColumn('name', 'text', notNull)
      .addColumn('mode', 'text', notNull)
      .addColumn('require_signature', 'integer', zero)
      .addColumn('signing_secret_enc', 'text', notNull)
      .addColumn('ip_allowlist', 'text')
      .addColumn('concurrency_limit', 'integer'),
    c,
  )
    .addForeignKeyConstraint('apps_merchant_fk', ['merchant_id'], 'merchants', ['id'])
    .execute();
  await index('apps_merchant_idx', 'apps', ['merchant_id']);

  await texts(withMerchant(withId(table('api_keys'))), ['app_id', 'kind', 'key_hash', 'key_prefix'], notNull)
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('active'))
    .addColumn('created_at', c.int8, notNull)
    .addColumn('revoked_at', c.int8)
    .addUniqueConstraint('api_keys_key_hash_uq', ['key_hash'])
    .addForeignKeyConstraint('api_keys_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await index('api_keys_app_idx', 'api_keys', ['app_id']);

  await withMerchant(withId(table('stores')))
    .addColumn('name', 'text', notNull)
    .addColumn('daily_limit', c.int8)
    .addColumn('created_at', c.int8, notNull)
    .addForeignKeyConstraint('stores_merchant_fk', ['merchant_id'], 'merchants', ['id'])
    .execute();
  await index('stores_merchant_idx', 'stores', ['merchant_id']);

  await withTimestamps(
    texts(withMerchant(withId(table('terminals'))), ['store_id', 'sn'], notNull)
      .addColumn('device_id', 'text')
      .addColumn('activation_code', 'text')
      .addColumn('activation_expires_at', c.int8)
      .addColumn('terminal_key_enc', 'text')
      .addColumn('previous_key_enc', 'text')
      .addColumn('key_rotated_at', c.int8)
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('inactive')),
    c,
  )
    .addUniqueConstraint('terminals_sn_uq', ['sn'])
    .addForeignKeyConstraint('terminals_store_fk', ['store_id'], 'stores', ['id'])
    .execute();
  await index('terminals_store_idx', 'terminals', ['store_id']);

  await withTimestamps(
    texts(
      withMerchant(withId(table('channel_configs'))),
      ['app_id', 'provider', 'payways', 'currencies', 'credentials_enc'],
      notNull,
    ).addColumn('status', 'text', (col) => col.notNull().defaultTo('active')),
    c,
  )
    .addForeignKeyConstraint('channel_configs_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await index('channel_configs_app_idx', 'channel_configs', ['app_id']);

  let charges = texts(
    withMerchant(withId(table('charges'))),
    ['app_id', 'out_trade_no', 'request_hash'],
    notNull,
  )
    .addColumn('amount', c.int8, notNull)
    .addColumn('currency', 'text', notNull)
    .addColumn('amount_refunded', c.int8, zero)
    .addColumn('fee', c.int8, zero)
    .addColumn('status', 'text', notNull)
    .addColumn('payway', 'text', notNull)
    .addColumn('sub_payway', 'text')
    .addColumn('subject', 'text', notNull);
  charges = texts(charges, [
    'description',
    'auth_code_masked',
    'buyer_id',
    'terminal_sn',
    'store_id',
    'channel',
    'channel_trade_no',
    'qr_code',
    'pay_url',
    'notify_url',
    'metadata',
    'failure_code',
    'failure_message',
  ]);
  charges = int8s(charges, c, [
    'paid_at',
    'settled_at',
    'canceled_at',
    'closed_at',
    'voided_at',
    'expires_at',
  ]);
  await withTimestamps(charges, c)
    .addColumn('version', 'integer', zero)
    .addUniqueConstraint('charges_app_out_trade_no_uq', ['app_id', 'out_trade_no'])
    .addForeignKeyConstraint('charges_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await index('charges_merchant_created_idx', 'charges', ['merchant_id', 'created_at']);

  await withTimestamps(
    texts(texts(withMerchant(withId(table('charge_flows'))), ['charge_id', 'kind', 'status'], notNull), [
      'biz_result',
    ])
      .addColumn('amount', c.int8, notNull)
      .addColumn('refund_id', 'text')
      .addColumn('channel_trade_no', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('channel_error', 'text'),
    c,
  )
    .addForeignKeyConstraint('charge_flows_charge_fk', ['charge_id'], 'charges', ['id'])
    .execute();
  await index('charge_flows_charge_idx', 'charge_flows', ['charge_id']);

  await withTimestamps(
    texts(withMerchant(withId(table('refunds'))), ['app_id', 'charge_id', 'refund_no'], notNull)
      .addColumn('amount', c.int8, notNull)
      .addColumn('status', 'text', notNull)
      .addColumn('reason', 'text')
      .addColumn('funded_from_pending', c.int8, zero)
      .addColumn('funded_from_available', c.int8, zero)
      .addColumn('failure_code', 'text')
      .addColumn('failure_message', 'text'),
    c,
  )
    .addColumn('succeeded_at', c.int8)
    .addUniqueConstraint('refunds_app_refund_no_uq', ['app_id', 'refund_no'])
    .addForeignKeyConstraint('refunds_charge_fk', ['charge_id'], 'charges', ['id'])
    .execute();
  await index('refunds_charge_idx', 'refunds', ['charge_id']);

  await texts(withMerchant(withId(table('ledger_entries'))), ['journal_id', 'account', 'currency'], notNull)
    .addColumn('amount', c.int8, notNull)
    .addColumn('ref_type', 'text', notNull)
    .addColumn('ref_id', 'text', notNull)
    .addColumn('created_at', c.int8, notNull)
    .execute();
  await index('ledger_entries_account_idx', 'ledger_entries', ['merchant_id', 'account']);
  await index('ledger_entries_ref_idx', 'ledger_entries', ['ref_id']);
  await index('ledger_entries_journal_idx', 'ledger_entries', ['journal_id']);

  await texts(table('ledger_balances'), ['merchant_id', 'account', 'currency'], notNull)
    .addColumn('balance', c.int8, zero)
    .addColumn('updated_at', c.int8, notNull)
    .addPrimaryKeyConstraint('ledger_balances_pk', ['merchant_id', 'account', 'currency'])
    .execute();

  await withTimestamps(
    withId(table('jobs'))
      .addColumn('merchant_id', 'text')
      .addColumn('kind', 'text', notNull)
      .addColumn('payload', 'text', notNull)
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
      .addColumn('run_at', c.int8, notNull)
      .addColumn('attempts', 'integer', zero)
      .addColumn('max_attempts', 'integer', (col) => col.notNull().defaultTo(25))
      .addColumn('locked_by', 'text')
      .addColumn('locked_until', c.int8)
      .addColumn('last_error', 'text'),
    c,
  ).execute();
  await index('jobs_status_run_at_idx', 'jobs', ['status', 'run_at']);

  await texts(
    table('idempotency_records'),
    ['merchant_id', 'app_id', 'idem_key', 'request_hash', 'status'],
    notNull,
  )
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addColumn('locked_until', c.int8)
    .addColumn('created_at', c.int8, notNull)
    .addColumn('expires_at', c.int8, notNull)
    .addPrimaryKeyConstraint('idempotency_records_pk', ['app_id', 'idem_key'])
    .execute();
  await index('idempotency_records_expires_idx', 'idempotency_records', ['expires_at']);

  await texts(table('request_nonces'), ['merchant_id', 'app_id', 'nonce'], notNull)
    .addColumn('expires_at', c.int8, notNull)
    .addPrimaryKeyConstraint('request_nonces_pk', ['app_id', 'nonce'])
    .execute();
  await index('request_nonces_expires_idx', 'request_nonces', ['expires_at']);

  await texts(withMerchant(withId(table('events'))), ['app_id', 'type', 'object_id', 'data'], notNull)
    .addColumn('created_at', c.int8, notNull)
    .addForeignKeyConstraint('events_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await index('events_app_created_idx', 'events', ['app_id', 'created_at', 'id']);

  await withTimestamps(
    texts(withMerchant(withId(table('webhook_endpoints'))), ['app_id', 'url', 'secret_enc'], notNull)
      .addColumn('previous_secret_enc', 'text')
      .addColumn('previous_secret_expires_at', c.int8)
      .addColumn('event_types', 'text', notNull)
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('enabled')),
    c,
  )
    .addForeignKeyConstraint('webhook_endpoints_app_fk', ['app_id'], 'apps', ['id'])
    .execute();
  await index('webhook_endpoints_app_idx', 'webhook_endpoints', ['app_id']);

  await withTimestamps(
    texts(withMerchant(withId(table('webhook_deliveries'))), ['event_id', 'endpoint_id'], notNull)
      .addColumn('status', 'text', (col) => col.notNull().defaultTo('pending'))
      .addColumn('attempts', 'integer', zero)
      .addColumn('next_attempt_at', c.int8)
      .addColumn('last_status_code', 'integer')
      .addColumn('last_error', 'text'),
    c,
  )
    .addForeignKeyConstraint('webhook_deliveries_event_fk', ['event_id'], 'events', ['id'])
    .addForeignKeyConstraint('webhook_deliveries_endpoint_fk', ['endpoint_id'], 'webhook_endpoints', ['id'])
    .execute();
  await index('webhook_deliveries_due_idx', 'webhook_deliveries', ['status', 'next_attempt_at']);
  await index('webhook_deliveries_event_idx', 'webhook_deliveries', ['event_id']);

  await withMerchant(withId(table('webhook_attempts')))
    .addColumn('delivery_id', 'text', notNull)
    .addColumn('attempt', 'integer', notNull)
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', notNull)
    .addColumn('created_at', c.int8, notNull)
    .addForeignKeyConstraint('webhook_attempts_delivery_fk', ['delivery_id'], 'webhook_deliveries', ['id'])
    .execute();
  await index('webhook_attempts_delivery_idx', 'webhook_attempts', ['delivery_id']);
}

/** Child tables first. */
const TABLES = [
  'webhook_attempts',
  'webhook_deliveries',
  'webhook_endpoints',
  'events',
  'request_nonces',
  'idempotency_records',
  'jobs',
  'ledger_balances',
  'ledger_entries',
  'refunds',
  'charge_flows',
  'charges',
  'channel_configs',
  'terminals',
  'stores',
  'api_keys',
  'apps',
  'merchants',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await createAll(db, { int8: dialectOf(db) === 'postgres' ? 'bigint' : 'integer' });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of TABLES) await db.schema.dropTable(name).ifExists().execute();
}
