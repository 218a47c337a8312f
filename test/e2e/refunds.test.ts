import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { feeRefundFor } from '../../src/domain/ledger-rules.js';
import { postJournal } from '../../src/ledger/ledger.js';
import { settleAll } from '../../src/services/settlement.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  type ChargeView,
  createBarcodeCharge,
  createQrCharge,
  DAY_MS,
  type Envelope,
  expectError,
  getCharge,
  type ListView,
  magicBarcode,
  nextShanghai10am,
  nextShanghaiMidnight,
  paidCharge,
  type RefundView,
  refund,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: refunds`, () => {
    let api: TestApi;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());
    beforeEach(() => clock.set(nextShanghai10am(clock.now())));
    afterEach(async () => assertLedgerConsistent(api.store, api.merchant.merchant_id));

    const refundsOf = (chargeId: string) =>
      api.request<Envelope<ListView<RefundView>>>('GET', `/v1/charges/${chargeId}/refunds`);

    it('refunds in part, then in full: PARTIAL_REFUNDED, then REFUNDED', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(api, { amount: 1_000 });
      const first = await refund(api, charge.id, { amount: 300, reason: 'one item back' });
      expect(first.status, first.text).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'SUCCEEDED', amount: 300, charge_id: charge.id });
      expect(first.body.data.id).toMatch(/^re_/);
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 300,
        amount_refundable: 700,
      });
      const rest = await refund(api, charge.id, { amount: 700 });
      expect(rest.status, rest.text).toBe(200);
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'REFUNDED',
        amount_refunded: 1_000,
        amount_refundable: 0,
      });
      // Refunded in full before settlement: the fee came back too, and the pending balance is as before.
      expect(await balanceOf(api)).toEqual(before);
      expectError(await refund(api, charge.id, { amount: 1 }), 402, 'refund_not_allowed');
    });

    it('never refunds more than was paid', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      expectError(await refund(api, charge.id, { amount: 1_001 }), 402, 'refund_amount_exceeded', 'amount');
      expect((await refund(api, charge.id, { amount: 600 })).status).toBe(200);
      expectError(await refund(api, charge.id, { amount: 401 }), 402, 'refund_amount_exceeded', 'amount');
      expect((await getCharge(api, charge.id)).body.data.amount_refunded).toBe(600);
    });

    it('replays a refund_no, and refuses it for another refund', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const refundNo = uniqueNo('rf');
      const first = await refund(api, charge.id, { amount: 200, refundNo });
      const again = await refund(api, charge.id, { amount: 200, refundNo });
      expect(again.status, again.text).toBe(200);
      expect(again.body.data.id).toBe(first.body.data.id);
      expect((await getCharge(api, charge.id)).body.data.amount_refunded).toBe(200);
      expectError(
        await refund(api, charge.id, { amount: 300, refundNo }),
        402,
        'refund_no_used',
        'refund_no',
      );
      const other = await paidCharge(api);
      expectError(await refund(api, other.id, { amount: 200, refundNo }), 402, 'refund_no_used', 'refund_no');
    });

    it('refuses refunds after the channel’s window (60 days; qqwallet 30)', async () => {
      const alipay = await paidCharge(api);
      const qq = await paidCharge(api, { payway: 'qqwallet' });
      clock.advance(30 * DAY_MS);
      expect((await refund(api, qq.id, { amount: 100 })).status).toBe(200);
      clock.advance(DAY_MS);
      expectError(await refund(api, qq.id, { amount: 100 }), 402, 'refund_window_expired');
      clock.advance(29 * DAY_MS);
      expect((await refund(api, alipay.id, { amount: 100 })).status).toBe(200);
      clock.advance(DAY_MS);
      expectError(await refund(api, alipay.id, { amount: 100 }), 402, 'refund_window_expired');
    });

    it('follows channels that refuse partial (baifubao) or full (jdpay) refunds', async () => {
      const baifubao = await paidCharge(api, { payway: 'baifubao', amount: 1_000 });
      expectError(await refund(api, baifubao.id, { amount: 500 }), 402, 'partial_refund_not_supported');
      expect((await refund(api, baifubao.id, { amount: 1_000 })).body.data.status).toBe('SUCCEEDED');
      const jdpay = await paidCharge(api, { payway: 'jdpay', amount: 1_000 });
      expectError(await refund(api, jdpay.id, { amount: 1_000 }), 402, 'full_refund_not_supported');
      expect((await refund(api, jdpay.id, { amount: 999 })).body.data.status).toBe('SUCCEEDED');
    });

    it('refuses to refund an unpaid or failed charge', async () => {
      const qr = (await createQrCharge(api)).body.data;
      expectError(await refund(api, qr.id, { amount: 100 }), 402, 'refund_not_allowed');
      const outTradeNo = uniqueNo('fail');
      await createBarcodeCharge(api, { outTradeNo, authCode: magicBarcode('01') });
      const failed = await api.request<Envelope<ListView<ChargeView>>>(
        'GET',
        `/v1/charges?out_trade_no=${outTradeNo}`,
      );
      expectError(
        await refund(api, failed.body.data.items[0]!.id, { amount: 100 }),
        402,
        'refund_not_allowed',
      );
      expectError(await refund(api, 'ch_nope', { amount: 100 }), 404, 'resource_not_found');
      expectError(
        await api.request('POST', `/v1/charges/${qr.id}/refunds`, { body: { refund_no: 'x', amount: '5' } }),
        400,
        'invalid_amount',
        'amount',
      );
      expectError(
        await api.request('POST', `/v1/charges/${qr.id}/refunds`, { body: { amount: 5 } }),
        400,
        'missing_param',
        'refund_no',
      );
    });

    it('funds a refund from the charge’s unsettled proceeds, then from the available balance', async () => {
      const unsettled = await paidCharge(api, { amount: 1_000 });
      const fromPending = await refund(api, unsettled.id, { amount: 300 });
      expect(fromPending.body.data).toMatchObject({
        funded_from_pending: 300 - feeRefundFor(1_000, 6, 0, 300),
        funded_from_available: 0,
      });
      const charge = await paidCharge(api, { amount: 1_000 });
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      expect((await getCharge(api, charge.id)).body.data.settled).toBe(true);
      const before = await balanceOf(api);
      const settled = await refund(api, charge.id, { amount: 500 });
      expect(settled.status, settled.text).toBe(200);
      const share = 500 - feeRefundFor(1_000, 6, 0, 500);
      expect(settled.body.data).toMatchObject({ funded_from_pending: 0, funded_from_available: share });
      expect(await balanceOf(api)).toEqual({ available: before.available - share, pending: before.pending });
    });

    it('refuses a refund the available balance cannot fund, and writes nothing', async () => {
      const seller = await api.createMerchant('Short of funds');
      const charge = await paidCharge(api, { key: seller.secret_key, amount: 1_000 });
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      expect(await balanceOf(api, 'CNY', seller.secret_key)).toEqual({ available: 994, pending: 0 });
      // A payout (not part of this suite) takes most of the available balance.
      await postJournal(api.store.db, {
        merchantId: seller.merchant_id,
        mode: 'test',
        postings: [
          { account: 'available', amount: 900, currency: 'CNY' },
          { account: 'channel_receivable', amount: -900, currency: 'CNY' },
        ],
        refType: 'payout',
        refId: 'po_test',
        now: clock.now(),
      });
      const count = async (table: 'ledger_entries' | 'refunds' | 'charge_flows') =>
        (
          await api.store.db
            .selectFrom(table)
            .select('id')
            .where('merchant_id', '=', seller.merchant_id)
            .execute()
        ).length;
      const before = {
        entries: await count('ledger_entries'),
        refunds: await count('refunds'),
        flows: await count('charge_flows'),
      };
      const refundNo = uniqueNo('rf');
      const refused = await refund(api, charge.id, { amount: 500, refundNo, key: seller.secret_key });
      expectError(refused, 402, 'merchant_balance_insufficient');
      expect({
        entries: await count('ledger_entries'),
        refunds: await count('refunds'),
        flows: await count('charge_flows'),
      }).toEqual(before);
      expect((await getCharge(api, charge.id, seller.secret_key)).body.data).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect(await balanceOf(api, 'CNY', seller.secret_key)).toEqual({ available: 94, pending: 0 });
      // The refund_no was not used up: a refund the balance can fund goes through under it.
      const small = await refund(api, charge.id, { amount: 90, refundNo, key: seller.secret_key });
      expect(small.status, small.text).toBe(200);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('answers GET /v1/refunds/{id} and GET /v1/charges/{id}/refunds', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const a = (await refund(api, charge.id, { amount: 100 })).body.data;
      const b = (await refund(api, charge.id, { amount: 200 })).body.data;
      const read = await api.request<Envelope<RefundView>>('GET', `/v1/refunds/${a.id}`);
      expect(read.status).toBe(200);
      expect(read.body.data).toEqual(a);
      const listed = await refundsOf(charge.id);
      expect(listed.body.data.items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      expectError(await api.request('GET', '/v1/refunds/re_nope'), 404, 'resource_not_found');
      const other = await api.createMerchant('Other');
      expectError(
        await api.request('GET', `/v1/refunds/${a.id}`, { key: other.secret_key }),
        404,
        'resource_not_found',
      );
      expectError(await refundsOf('ch_nope'), 404, 'resource_not_found');
    });

    it('holds a pending refund (9902) until the channel confirms it, one at a time', async () => {
      const charge = await paidCharge(api, { amount: 20_000 });
      const pending = await refund(api, charge.id, { amount: 9_902 });
      expect(pending.status, pending.text).toBe(200);
      expect(pending.body.data.status).toBe('PENDING');
      expectError(await refund(api, charge.id, { amount: 100 }), 402, 'refund_pending_exists');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await api.request<Envelope<RefundView>>('GET', `/v1/refunds/${pending.body.data.id}`);
      expect(done.body.data.status).toBe('SUCCEEDED');
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_902,
      });
    });

    it('keeps an uncertain refund (9901) open until the channel confirms it succeeded', async () => {
      const charge = await paidCharge(api, { amount: 20_000 });
      const uncertain = await refund(api, charge.id, { amount: 9_901 });
      expect(uncertain.status, uncertain.text).toBe(200);
      expect(uncertain.body.data.status).toBe('REFUND_ERROR');
      expect((await getCharge(api, charge.id)).body.data.status).toBe('REFUND_ERROR');
      expectError(await refund(api, charge.id, { amount: 100 }), 402, 'refund_pending_exists');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await api.request<Envelope<RefundView>>('GET', `/v1/refunds/${uncertain.body.data.id}`);
      expect(done.body.data.status).toBe('SUCCEEDED');
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_901,
      });
    });

    it('gives the money back when an uncertain refund (9903) turns out to have failed', async () => {
      const charge = await paidCharge(api, { amount: 20_000 });
      const before = await balanceOf(api);
      const uncertain = await refund(api, charge.id, { amount: 9_903 });
      expect(uncertain.status, uncertain.text).toBe(200);
      expect(uncertain.body.data.status).toBe('REFUND_ERROR');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await api.request<Envelope<RefundView>>('GET', `/v1/refunds/${uncertain.body.data.id}`);
      expect(done.body.data).toMatchObject({ status: 'FAILED', failure_code: 'refund_failed' });
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect(await balanceOf(api)).toEqual(before);
    });

    it('confirms by query a refund whose answer was lost (9907)', async () => {
      const charge = await paidCharge(api, { amount: 20_000 });
      const lost = await refund(api, charge.id, { amount: 9_907 });
      expect(lost.status, lost.text).toBe(200);
      expect(['PENDING', 'REFUND_ERROR']).toContain(lost.body.data.status);
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_907,
      });
    });

    it('gives the reservation back when the channel refuses a refund (9904)', async () => {
      const charge = await paidCharge(api, { amount: 20_000 });
      const before = await balanceOf(api);
      const refused = await refund(api, charge.id, { amount: 9_904 });
      expectError(refused, 402, 'merchant_balance_insufficient');
      expect(await balanceOf(api)).toEqual(before);
      const listed = await refundsOf(charge.id);
      expect(listed.body.data.items).toEqual([
        expect.objectContaining({ status: 'FAILED', failure_code: 'merchant_balance_insufficient' }),
      ]);
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect((await refund(api, charge.id, { amount: 20_000 })).body.data.status).toBe('SUCCEEDED');
    });
  });
}
