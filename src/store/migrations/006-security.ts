import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Security hardening:
 * - webhook endpoints count consecutive timed-out attempts and can be paused by the gateway;
 * - `master_key_check` holds one value sealed with the master key, decrypted at start-up so that a
 *   process with the wrong key refuses to start instead of failing on every signed request;
 * - idempotency records stored before responses were sealed are dropped: their bodies may hold
 *   secrets (webhook secrets, terminal keys) in clear. They lose only their replay;
 * - money and stores are kept per mode: ledger entries and balances carry the mode of the app whose
 *   charge or refund moved them (sandbox money must never fund a live refund), and a store belongs to
 *   one mode. Existing entries take the mode of their charge or refund, balances are rebuilt from them,
 *   and a store takes `live` when its merchant has a live app, else `test`.
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

  await db.schema
    .alterTable('ledger_entries')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
    .execute();
  await sql`
    update ledger_entries set mode = coalesce(
      (select a.mode from charges c join apps a on a.id = c.app_id where c.id = ledger_entries.ref_id),
      (select a.mode from refunds r join apps a on a.id = r.app_id where r.id = ledger_entries.ref_id),
      'live')`.execute(db);
  await rebuildBalances(db, int8, true);

  await db.schema
    .alterTable('stores')
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('live'))
    .execute();
  await sql`
    update stores set mode = coalesce(
      (select min(a.mode) from apps a where a.merchant_id = stores.merchant_id), 'live')`.execute(db);
}

/** Replaces ledger_balances by one summed from the entries, keyed with or without the mode. */
async function rebuildBalances(db: Kysely<unknown>, int8: 'bigint' | 'integer', withMode: boolean) {
  const key = withMode
    ? ['merchant_id', 'mode', 'account', 'currency']
    : ['merchant_id', 'account', 'currency'];
  let table = db.schema
    .createTable('ledger_balances_next')
    .addColumn('merchant_id', 'text', (c) => c.notNull());
  if (withMode) table = table.addColumn('mode', 'text', (c) => c.notNull());
  await table
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('balance', int8, (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', int8, (c) => c.notNull())
    .addPrimaryKeyConstraint(withMode ? 'ledger_balances_mode_pk' : 'ledger_balances_pk', key as never)
    .execute();
  const columns = sql.join(key.map((name) => sql.ref(name)));
  await sql`
    insert into ledger_balances_next (${columns}, balance, updated_at)
    select ${columns}, sum(amount), max(created_at) from ledger_entries group by ${columns}`.execute(db);
  await db.schema.dropTable('ledger_balances').execute();
  await db.schema.alterTable('ledger_balances_next').renameTo('ledger_balances').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const int8 = dialectOf(db as never) === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('stores').dropColumn('mode').execute();
  await db.schema.alterTable('ledger_entries').dropColumn('mode').execute();
  await rebuildBalances(db, int8, false);
  await db.schema.dropTable('master_key_check').ifExists().execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('pause_reason').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('paused_at').execute();
  await db.schema.alterTable('webhook_endpoints').dropColumn('consecutive_timeouts').execute();
}
