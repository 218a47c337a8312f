import type { Charge, CreateChargeParams, Polypay, Refund } from '@polypay/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { feeRefundFor } from '../../src/domain/ledger-rules.js';
import { postJournal } from '../../src/ledger/ledger.js';
import { settleAll } from '../../src/services/settlement.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  DAY_MS,
  expectError,
  magicBarcode,
  nextShanghai10am,
  nextShanghaiMidnight,
  type RefundOptions,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { barcodeParams, expectRejected, qrParams, sdkFor } from '../helpers/sdk.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: refunds`, () => {
    let api: TestApi;
    let polypay: Polypay;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
      polypay = sdkFor(api);
    });
    afterAll(async () => api?.close());
    beforeEach(() => clock.set(nextShanghai10am(clock.now())));
    afterEach(async () => assertLedgerConsistent(api.store, api.merchant.merchant_id));

    /** The refunds of a charge, through the SDK's iterator. */
    const refundsOf = async (chargeId: string): Promise<Refund[]> => {
      const refunds: Refund[] = [];
      for await (const refund of polypay.refunds.list(chargeId)) refunds.push(refund);
      return refunds;
    };
    const refundOf = (chargeId: string, options: Omit<RefundOptions, 'key'>, client = polypay) =>
      client.refunds.create(chargeId, {
        refund_no: options.refundNo ?? uniqueNo('rf'),
        amount: options.amount,
        ...(options.reason !== undefined ? { reason: options.reason } : {}),
      });
    /** A barcode charge the sandbox pays at once. */
    const paidCharge = async (
      params: CreateChargeParams = barcodeParams(),
      client = polypay,
    ): Promise<Charge> => {
      const charge = await client.charges.create(params);
      expect(charge.status).toBe('PAID');
      return charge;
    };
    const getCharge = (id: string, client = polypay) => client.charges.retrieve(id);

    it('refunds in part, then in full: PARTIAL_REFUNDED, then REFUNDED', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }));
      const first = await refundOf(charge.id, { amount: 300, reason: 'one item back' });
      expect(first).toMatchObject({ status: 'SUCCEEDED', amount: 300, charge_id: charge.id });
      expect(first.id).toMatch(/^re_/);
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 300,
        amount_refundable: 700,
      });
      await refundOf(charge.id, { amount: 700 });
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'REFUNDED',
        amount_refunded: 1_000,
        amount_refundable: 0,
      });
      // Refunded in full before settlement: the fee came back too, and the pending balance is as before.
      expect(await balanceOf(api)).toEqual(before);
      await expectRejected(refundOf(charge.id, { amount: 1 }), 402, 'refund_not_allowed');
    });

    it('never refunds more than was paid', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }));
      await expectRejected(refundOf(charge.id, { amount: 1_001 }), 402, 'refund_amount_exceeded', 'amount');
      await refundOf(charge.id, { amount: 600 });
      await expectRejected(refundOf(charge.id, { amount: 401 }), 402, 'refund_amount_exceeded', 'amount');
      expect((await getCharge(charge.id)).amount_refunded).toBe(600);
    });

    it('replays a refund_no, and refuses it for another refund', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }));
      const refundNo = uniqueNo('rf');
      const first = await refundOf(charge.id, { amount: 200, refundNo });
      const again = await refundOf(charge.id, { amount: 200, refundNo });
      // The replay is read back with the charge's history (one JSON read on PostgreSQL): the same answer.
      expect(again).toEqual(first);
      expect((await getCharge(charge.id)).amount_refunded).toBe(200);
      await expectRejected(
        refundOf(charge.id, { amount: 300, refundNo }),
        402,
        'refund_no_used',
        'refund_no',
      );
      const other = await paidCharge();
      await expectRejected(refundOf(other.id, { amount: 200, refundNo }), 402, 'refund_no_used', 'refund_no');
    });

    it('replays a full refund although nothing is left to refund, and names a reused refund_no first', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 500 }));
      const refundNo = uniqueNo('rf');
      const first = await refundOf(charge.id, { amount: 500, refundNo });
      expect((await getCharge(charge.id)).status).toBe('REFUNDED');
      expect((await refundOf(charge.id, { amount: 500, refundNo })).id).toBe(first.id);
      // The refund_no belongs to another charge, which is itself fully refunded: the reuse is the error.
      const second = await paidCharge(barcodeParams({ amount: 500 }));
      await refundOf(second.id, { amount: 500 });
      await expectRejected(
        refundOf(second.id, { amount: 500, refundNo }),
        402,
        'refund_no_used',
        'refund_no',
      );
    });

    it('refuses refunds after the channel’s window (60 days; qqwallet 30)', async () => {
      const alipay = await paidCharge();
      const qq = await paidCharge(barcodeParams({ payway: 'qqwallet' }));
      clock.advance(30 * DAY_MS);
      await refundOf(qq.id, { amount: 100 });
      clock.advance(DAY_MS);
      await expectRejected(refundOf(qq.id, { amount: 100 }), 402, 'refund_window_expired');
      clock.advance(29 * DAY_MS);
      await refundOf(alipay.id, { amount: 100 });
      clock.advance(DAY_MS);
      await expectRejected(refundOf(alipay.id, { amount: 100 }), 402, 'refund_window_expired');
    });

    it('follows channels that refuse partial (baifubao) or full (jdpay) refunds', async () => {
      const baifubao = await paidCharge(barcodeParams({ payway: 'baifubao', amount: 1_000 }));
      await expectRejected(refundOf(baifubao.id, { amount: 500 }), 402, 'partial_refund_not_supported');
      expect((await refundOf(baifubao.id, { amount: 1_000 })).status).toBe('SUCCEEDED');
      const jdpay = await paidCharge(barcodeParams({ payway: 'jdpay', amount: 1_000 }));
      await expectRejected(refundOf(jdpay.id, { amount: 1_000 }), 402, 'full_refund_not_supported');
      expect((await refundOf(jdpay.id, { amount: 999 })).status).toBe('SUCCEEDED');
    });

    it('refuses to refund an unpaid or failed charge', async () => {
      const qr = await polypay.charges.create(qrParams());
      await expectRejected(refundOf(qr.id, { amount: 100 }), 402, 'refund_not_allowed');
      const outTradeNo = uniqueNo('fail');
      await polypay.charges
        .create(barcodeParams({ outTradeNo, authCode: magicBarcode('01') }))
        .catch(() => {});
      const failed = await polypay.charges.listPage({ out_trade_no: outTradeNo });
      await expectRejected(refundOf(failed.items[0]!.id, { amount: 100 }), 402, 'refund_not_allowed');
      await expectRejected(refundOf('ch_nope', { amount: 100 }), 404, 'resource_not_found');
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
      const unsettled = await paidCharge(barcodeParams({ amount: 1_000 }));
      const fromPending = await refundOf(unsettled.id, { amount: 300 });
      expect(fromPending).toMatchObject({
        funded_from_pending: 300 - feeRefundFor(1_000, 6, 0, 300),
        funded_from_available: 0,
      });
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }));
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await settleAll(api.runtime.charges);
      expect((await getCharge(charge.id)).settled).toBe(true);
      const before = await balanceOf(api);
      const settled = await refundOf(charge.id, { amount: 500 });
      const share = 500 - feeRefundFor(1_000, 6, 0, 500);
      expect(settled).toMatchObject({ funded_from_pending: 0, funded_from_available: share });
      expect(await balanceOf(api)).toEqual({ available: before.available - share, pending: before.pending });
    });

    it('refuses a refund the available balance cannot fund, and writes nothing', async () => {
      const seller = await api.createMerchant('Short of funds');
      const sellerSdk = sdkFor(api, seller.secret_key);
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }), sellerSdk);
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
      const refused = refundOf(charge.id, { amount: 500, refundNo }, sellerSdk);
      await expectRejected(refused, 402, 'merchant_balance_insufficient');
      expect({
        entries: await count('ledger_entries'),
        refunds: await count('refunds'),
        flows: await count('charge_flows'),
      }).toEqual(before);
      expect(await getCharge(charge.id, sellerSdk)).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect(await balanceOf(api, 'CNY', seller.secret_key)).toEqual({ available: 94, pending: 0 });
      // The refund_no was not used up: a refund the balance can fund goes through under it.
      await refundOf(charge.id, { amount: 90, refundNo }, sellerSdk);
      await assertLedgerConsistent(api.store, seller.merchant_id);
    });

    it('answers GET /v1/refunds/{id} and GET /v1/charges/{id}/refunds', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 1_000 }));
      const a = await refundOf(charge.id, { amount: 100 });
      const b = await refundOf(charge.id, { amount: 200 });
      const read = await polypay.refunds.retrieve(a.id);
      expect(read).toEqual(a);
      // A refund says what its amount counts, and when it last changed.
      expect(read).toMatchObject({ amount: 100, currency: charge.currency });
      expect(read.updated_at).toBeGreaterThanOrEqual(read.created_at);
      const listed = await refundsOf(charge.id);
      expect(listed.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
      await expectRejected(polypay.refunds.retrieve('re_nope'), 404, 'resource_not_found');
      const other = sdkFor(api, (await api.createMerchant('Other')).secret_key);
      await expectRejected(other.refunds.retrieve(a.id), 404, 'resource_not_found');
      await expectRejected(refundsOf('ch_nope'), 404, 'resource_not_found');
    });

    it('holds a pending refund (9902) until the channel confirms it, one at a time', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 20_000 }));
      const pending = await refundOf(charge.id, { amount: 9_902 });
      expect(pending.status).toBe('PENDING');
      await expectRejected(refundOf(charge.id, { amount: 100 }), 402, 'refund_pending_exists');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await polypay.refunds.retrieve(pending.id);
      expect(done.status).toBe('SUCCEEDED');
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_902,
      });
    });

    it('keeps an uncertain refund (9901) open until the channel confirms it succeeded', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 20_000 }));
      const uncertain = await refundOf(charge.id, { amount: 9_901 });
      expect(uncertain.status).toBe('REFUND_ERROR');
      expect((await getCharge(charge.id)).status).toBe('REFUND_ERROR');
      await expectRejected(refundOf(charge.id, { amount: 100 }), 402, 'refund_pending_exists');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await polypay.refunds.retrieve(uncertain.id);
      expect(done.status).toBe('SUCCEEDED');
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_901,
      });
    });

    it('gives the money back when an uncertain refund (9903) turns out to have failed', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 20_000 }));
      const before = await balanceOf(api);
      const uncertain = await refundOf(charge.id, { amount: 9_903 });
      expect(uncertain.status).toBe('REFUND_ERROR');
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      const done = await polypay.refunds.retrieve(uncertain.id);
      expect(done).toMatchObject({ status: 'FAILED', failure_code: 'refund_failed' });
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect(await balanceOf(api)).toEqual(before);
    });

    it('confirms by query a refund whose answer was lost (9907)', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 20_000 }));
      const lost = await refundOf(charge.id, { amount: 9_907 });
      expect(['PENDING', 'REFUND_ERROR']).toContain(lost.status);
      clock.advance(6_000);
      await api.runtime.jobs.runUntilIdle();
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PARTIAL_REFUNDED',
        amount_refunded: 9_907,
      });
    });

    it('gives the reservation back when the channel refuses a refund (9904)', async () => {
      const charge = await paidCharge(barcodeParams({ amount: 20_000 }));
      const before = await balanceOf(api);
      await expectRejected(refundOf(charge.id, { amount: 9_904 }), 402, 'merchant_balance_insufficient');
      expect(await balanceOf(api)).toEqual(before);
      const listed = await refundsOf(charge.id);
      expect(listed).toEqual([
        expect.objectContaining({ status: 'FAILED', failure_code: 'merchant_balance_insufficient' }),
      ]);
      expect(await getCharge(charge.id)).toMatchObject({
        status: 'PAID',
        amount_refunded: 0,
      });
      expect((await refundOf(charge.id, { amount: 20_000 })).status).toBe('SUCCEEDED');
    });
  });
}
