/**
 * Test and live money never mix: a merchant with a sandbox app and a live app has one balance per mode,
 * sandbox money cannot fund a live refund, daily limits count per mode, and a store (with its terminals)
 * belongs to the mode that created it. Databases from before the split are migrated by the mode of each
 * entry's charge or refund.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEDGER_ACCOUNTS } from '../../src/domain/ledger-rules.js';
import { merchantBalanceForUpdate } from '../../src/ledger/ledger.js';
import {
  createApiKey,
  type Database,
  merchantScopeId,
  migrateToLatest,
  openStore,
} from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { balanceOf, paidCharge } from '../helpers/charges.js';
import { migrateBefore } from '../helpers/migrate-before.js';
import { DIALECTS, dropTestDatabase, testDatabaseUrl } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: test and live money are kept apart`, () => {
    let api: TestApi;
    let liveKey: string;
    beforeAll(async () => {
      api = await startTestApi(dialect);
      // A live app beside the merchant's sandbox app.
      const now = Date.now();
      await api.store.db
        .insertInto('apps')
        .values({
          id: 'app_live_modes',
          merchant_id: api.merchant.merchant_id,
          name: 'Live app',
          mode: 'live',
          signing_secret_enc: api.box.encrypt('live-signing-secret'),
          ip_allowlist: null,
          concurrency_limit: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      liveKey = await createApiKey(api.store.db, {
        merchantId: api.merchant.merchant_id,
        appId: 'app_live_modes',
        kind: 'secret',
        mode: 'live',
      });
    });
    afterAll(async () => api?.close());

    it('books sandbox money on the test balance only', async () => {
      const charge = await paidCharge(api, { amount: 10_000 });
      expect((await balanceOf(api)).pending).toBe(charge.amount - charge.fee);
      expect(await balanceOf(api, 'CNY', liveKey)).toEqual({ available: 0, pending: 0 });
      const movements = await api.request<{ data: { items: unknown[] } }>('GET', '/v1/balance_transactions', {
        key: liveKey,
      });
      expect(movements.body.data.items).toEqual([]);
    });

    it('never lets test money fund a live refund', async () => {
      const { merchant_id: merchantId } = api.merchant;
      // The sandbox app's settled money, as a settlement would leave it.
      await api.store.db
        .insertInto('ledger_balances')
        .values({
          merchant_id: merchantId,
          mode: 'test',
          account: LEDGER_ACCOUNTS.available,
          currency: 'CNY',
          balance: -50_000,
          updated_at: Date.now(),
        })
        .execute();
      const db = api.store.db;
      expect(await merchantBalanceForUpdate(db, merchantId, 'test', LEDGER_ACCOUNTS.available, 'CNY')).toBe(
        50_000,
      );
      expect(await merchantBalanceForUpdate(db, merchantId, 'live', LEDGER_ACCOUNTS.available, 'CNY')).toBe(
        0,
      );
    });

    it('counts daily limits per mode', () => {
      expect(merchantScopeId('mch_1', 'live')).toBe('mch_1');
      expect(merchantScopeId('mch_1', 'test')).not.toBe(merchantScopeId('mch_1', 'live'));
    });

    it('keeps a store and its terminals to the mode that created it', async () => {
      const store = await api.request<{ data: { id: string } }>('POST', '/v1/stores', {
        body: { name: 'Sandbox' },
      });
      expect(store.status).toBe(200);
      const fromLive = await api.request('POST', '/v1/terminals', {
        key: liveKey,
        body: { store_id: store.body.data.id },
      });
      expect(fromLive.status).toBe(404);
      const terminal = await api.request<{ data: { terminal: { sn: string } } }>('POST', '/v1/terminals', {
        body: { store_id: store.body.data.id },
      });
      expect(terminal.status).toBe(200);
      const sn = terminal.body.data.terminal.sn;
      expect((await api.request('GET', `/v1/terminals/${sn}`)).status).toBe(200);
      expect((await api.request('GET', `/v1/terminals/${sn}`, { key: liveKey })).status).toBe(404);
    });
  });

  describe(`${dialect}: migrating money to per-mode books`, () => {
    let url: string;
    beforeAll(async () => {
      url = await testDatabaseUrl(dialect);
    });
    afterAll(async () => dropTestDatabase(url));

    it('gives each entry the mode of its charge or refund and rebuilds the balances', async () => {
      const store = await openStore(url);
      try {
        const db = store.db as Kysely<Database>;
        await migrateBefore(db, dialect, '006');
        const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        const t = 1_700_000_000_000;
        await raw
          .insertInto('merchants')
          .values({ id: 'm1', name: 'M', created_at: t, updated_at: t })
          .execute();
        for (const [id, mode] of [
          ['a_test', 'test'],
          ['a_live', 'live'],
        ]) {
          await raw
            .insertInto('apps')
            .values({
              id,
              merchant_id: 'm1',
              name: id,
              mode,
              signing_secret_enc: 'v1:x',
              created_at: t,
              updated_at: t,
            })
            .execute();
        }
        const charge = (id: string, app: string) => ({
          id,
          merchant_id: 'm1',
          app_id: app,
          out_trade_no: id,
          request_hash: 'h',
          amount: 1000,
          currency: 'CNY',
          status: 'PAID',
          payway: 'alipay',
          subject: 's',
          created_at: t,
          updated_at: t,
        });
        await raw
          .insertInto('charges')
          .values([charge('c_test', 'a_test'), charge('c_live', 'a_live')])
          .execute();
        const entry = (id: string, ref: string, account: string, amount: number) => ({
          id,
          merchant_id: 'm1',
          journal_id: `j_${ref}`,
          account,
          currency: 'CNY',
          amount,
          ref_type: 'charge',
          ref_id: ref,
          created_at: t,
        });
        await raw
          .insertInto('ledger_entries')
          .values([
            entry('e1', 'c_test', 'channel_receivable', 1000),
            entry('e2', 'c_test', 'pending', -1000),
            entry('e3', 'c_live', 'channel_receivable', 300),
            entry('e4', 'c_live', 'pending', -300),
          ])
          .execute();
        await raw
          .insertInto('ledger_balances')
          .values([
            {
              merchant_id: 'm1',
              account: 'channel_receivable',
              currency: 'CNY',
              balance: 1300,
              updated_at: t,
            },
            { merchant_id: 'm1', account: 'pending', currency: 'CNY', balance: -1300, updated_at: t },
          ])
          .execute();
        await raw
          .insertInto('stores')
          .values({ id: 'st1', merchant_id: 'm1', name: 'S', created_at: t })
          .execute();

        await migrateToLatest(db);
        const entries = await db.selectFrom('ledger_entries').select(['id', 'mode']).orderBy('id').execute();
        expect(entries.map((e) => e.mode)).toEqual(['test', 'test', 'live', 'live']);
        const balances = await db
          .selectFrom('ledger_balances')
          .select(['mode', 'account', 'balance'])
          .where('account', '=', 'pending')
          .orderBy('mode')
          .execute();
        expect(balances).toEqual([
          { mode: 'live', account: 'pending', balance: -300 },
          { mode: 'test', account: 'pending', balance: -1000 },
        ]);
        const shop = await db.selectFrom('stores').select('mode').executeTakeFirstOrThrow();
        expect(shop.mode).toBe('live');
      } finally {
        await store.close();
      }
    });
  });
}
