import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { assertLedgerConsistent, buyerBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

interface Balance {
  balances: { currency: string; available: number; pending: number }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /v1/test/settlement settles now`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(() => api?.close());

    const cny = async () =>
      (await api.request<{ data: Balance }>('GET', '/v1/balance')).body.data.balances.find(
        (b) => b.currency === 'CNY',
      ) ?? {
        available: 0,
        pending: 0,
      };

    it('moves today’s paid charges from pending to available without waiting for the cut-off', async () => {
      const paid = await api.request<{ data: { id: string; fee: number } }>('POST', '/v1/charges', {
        body: {
          out_trade_no: uniqueNo('settle'),
          amount: 10_000,
          currency: 'CNY',
          subject: 'Settle me',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: buyerBarcode(),
        },
      });
      expect(paid.status, paid.text).toBe(200);
      const before = await cny();
      expect(before.pending).toBeGreaterThan(0);
      const settled = await api.request<{ data: { settled: number } }>('POST', '/v1/test/settlement');
      expect(settled.status, settled.text).toBe(200);
      expect(settled.body.data.settled).toBe(1);
      const after = await cny();
      expect(after.pending).toBe(0);
      expect(after.available).toBe(before.available + before.pending);
      const charge = await api.request<{ data: { settled: boolean } }>(
        'GET',
        `/v1/charges/${paid.body.data.id}`,
      );
      expect(charge.body.data.settled).toBe(true);
      expect(
        (await api.request<{ data: { settled: number } }>('POST', '/v1/test/settlement')).body.data.settled,
      ).toBe(0);
      await assertLedgerConsistent(api.store, api.merchant.merchant_id);
    });

    it('is refused to live keys', async () => {
      const live = await api.createMerchant('Live shop');
      await api.store.db.updateTable('apps').set({ mode: 'live' }).where('id', '=', live.app_id).execute();
      const response = await api.request<{ code: string }>('POST', '/v1/test/settlement', {
        key: live.secret_key,
      });
      expect([401, 403]).toContain(response.status);
    });
  });
}
