import type { SelectType } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectTables } from '../../test/helpers/introspection.js';
import { createTestStore, DIALECTS, type TestStore } from '../../test/helpers/stores.js';
import { parseDatabaseUrl } from './open-store.js';
import type { Database } from './schema.js';

type Nullability<T> = null extends T ? 'null' : 'notnull';

/**
 * Every column of schema.ts with its nullability. The type makes this list exhaustive and exact (a
 * column missing, extra or with the wrong nullability does not compile); the test checks that the
 * migrated database has the same columns on every dialect.
 */
const COLUMNS: {
  [T in keyof Database]: { [C in keyof Database[T]]: Nullability<SelectType<Database[T][C]>> };
} = {
  merchants: {
    id: 'notnull',
    name: 'notnull',
    status: 'notnull',
    time_zone: 'notnull',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  apps: {
    id: 'notnull',
    merchant_id: 'notnull',
    name: 'notnull',
    mode: 'notnull',
    require_signature: 'notnull',
    signing_secret_enc: 'notnull',
    ip_allowlist: 'null',
    concurrency_limit: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  api_keys: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    kind: 'notnull',
    key_hash: 'notnull',
    key_prefix: 'notnull',
    status: 'notnull',
    created_at: 'notnull',
    revoked_at: 'null',
  },
  stores: {
    id: 'notnull',
    merchant_id: 'notnull',
    mode: 'notnull',
    name: 'notnull',
    daily_limit: 'null',
    created_at: 'notnull',
  },
  terminals: {
    id: 'notnull',
    merchant_id: 'notnull',
    store_id: 'notnull',
    sn: 'notnull',
    device_id: 'null',
    activation_code: 'null',
    activation_expires_at: 'null',
    terminal_key_enc: 'null',
    previous_key_enc: 'null',
    key_rotated_at: 'null',
    status: 'notnull',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  channel_configs: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    mode: 'notnull',
    provider: 'notnull',
    payways: 'notnull',
    sub_payways: 'notnull',
    currencies: 'notnull',
    base_url: 'notnull',
    credentials_enc: 'notnull',
    state_enc: 'null',
    status: 'notnull',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  charges: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    out_trade_no: 'notnull',
    request_hash: 'notnull',
    amount: 'notnull',
    currency: 'notnull',
    amount_refunded: 'notnull',
    fee: 'notnull',
    status: 'notnull',
    payway: 'notnull',
    sub_payway: 'null',
    subject: 'notnull',
    description: 'null',
    auth_code_masked: 'null',
    buyer_id: 'null',
    terminal_sn: 'null',
    store_id: 'null',
    channel: 'null',
    channel_trade_no: 'null',
    qr_code: 'null',
    pay_url: 'null',
    notify_url: 'null',
    metadata: 'null',
    failure_code: 'null',
    failure_message: 'null',
    paid_at: 'null',
    settled_at: 'null',
    canceled_at: 'null',
    closed_at: 'null',
    voided_at: 'null',
    expires_at: 'null',
    limit_day: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
    version: 'notnull',
  },
  charge_flows: {
    id: 'notnull',
    merchant_id: 'notnull',
    charge_id: 'notnull',
    kind: 'notnull',
    status: 'notnull',
    biz_result: 'null',
    amount: 'notnull',
    refund_id: 'null',
    channel_trade_no: 'null',
    error_code: 'null',
    error_message: 'null',
    channel_error: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  refunds: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    charge_id: 'notnull',
    refund_no: 'notnull',
    amount: 'notnull',
    status: 'notnull',
    reason: 'null',
    funded_from_pending: 'notnull',
    funded_from_available: 'notnull',
    failure_code: 'null',
    failure_message: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
    succeeded_at: 'null',
  },
  ledger_entries: {
    id: 'notnull',
    merchant_id: 'notnull',
    mode: 'notnull',
    journal_id: 'notnull',
    account: 'notnull',
    currency: 'notnull',
    amount: 'notnull',
    ref_type: 'notnull',
    ref_id: 'notnull',
    created_at: 'notnull',
  },
  ledger_balances: {
    merchant_id: 'notnull',
    mode: 'notnull',
    account: 'notnull',
    currency: 'notnull',
    balance: 'notnull',
    updated_at: 'notnull',
  },
  jobs: {
    id: 'notnull',
    merchant_id: 'null',
    kind: 'notnull',
    payload: 'notnull',
    status: 'notnull',
    run_at: 'notnull',
    attempts: 'notnull',
    max_attempts: 'notnull',
    locked_by: 'null',
    locked_until: 'null',
    last_error: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  idempotency_records: {
    merchant_id: 'notnull',
    app_id: 'notnull',
    idem_key: 'notnull',
    request_hash: 'notnull',
    status: 'notnull',
    response_status: 'null',
    response_headers: 'null',
    response_body: 'null',
    locked_until: 'null',
    created_at: 'notnull',
    expires_at: 'notnull',
  },
  request_nonces: {
    merchant_id: 'notnull',
    app_id: 'notnull',
    nonce: 'notnull',
    expires_at: 'notnull',
  },
  events: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    type: 'notnull',
    object_id: 'notnull',
    data: 'notnull',
    created_at: 'notnull',
  },
  webhook_endpoints: {
    id: 'notnull',
    merchant_id: 'notnull',
    app_id: 'notnull',
    url: 'notnull',
    secret_enc: 'notnull',
    previous_secret_enc: 'null',
    previous_secret_expires_at: 'null',
    event_types: 'notnull',
    status: 'notnull',
    consecutive_timeouts: 'notnull',
    paused_at: 'null',
    pause_reason: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  webhook_deliveries: {
    id: 'notnull',
    merchant_id: 'notnull',
    event_id: 'notnull',
    endpoint_id: 'notnull',
    status: 'notnull',
    attempts: 'notnull',
    next_attempt_at: 'null',
    last_status_code: 'null',
    last_error: 'null',
    created_at: 'notnull',
    updated_at: 'notnull',
  },
  webhook_attempts: {
    id: 'notnull',
    merchant_id: 'notnull',
    delivery_id: 'notnull',
    attempt: 'notnull',
    status_code: 'null',
    error: 'null',
    duration_ms: 'notnull',
    created_at: 'notnull',
  },
  daily_totals: {
    merchant_id: 'notnull',
    scope: 'notnull',
    scope_id: 'notnull',
    day: 'notnull',
    amount: 'notnull',
  },
  sandbox_buyer_actions: {
    charge_id: 'notnull',
    merchant_id: 'notnull',
    kind: 'notnull',
    buyer_id: 'notnull',
    at: 'notnull',
  },
  master_key_check: {
    id: 'notnull',
    sealed: 'notnull',
    created_at: 'notnull',
  },
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: schema`, () => {
    let t: TestStore;
    beforeAll(async () => {
      t = await createTestStore(dialect);
    });
    afterAll(() => t.dispose());

    it('has exactly the tables and columns of schema.ts, with the same nullability', async () => {
      // On PostgreSQL, introspection sees every schema of the database: keep the test's own.
      const location = parseDatabaseUrl(t.url);
      const schema = location.dialect === 'postgres' ? location.schema : undefined;
      const tables = (await introspectTables(t.store.db)).filter((table) => table.schema === schema);
      const actual = Object.fromEntries(
        tables.map((table) => [
          table.name,
          Object.fromEntries(table.columns.map((c) => [c.name, c.isNullable ? 'null' : 'notnull'])),
        ]),
      );
      expect(actual).toEqual(COLUMNS);
    });
  });
}
