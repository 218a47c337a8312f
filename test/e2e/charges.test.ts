import type { Charge, CreateChargeParams, ListChargesParams, Polypay } from '@polypay/sdk';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { settleAll } from '../../src/services/settlement.js';
import { setMerchantStatus } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import {
  assertLedgerConsistent,
  balanceOf,
  barcodeBody,
  buyerBarcode,
  expectError,
  magicBarcode,
  nextShanghai10am,
  nextShanghaiMidnight,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { barcodeParams, expectRejected, qrParams, sdkFor } from '../helpers/sdk.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: charges`, () => {
    let api: TestApi;
    let polypay: Polypay;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
      polypay = sdkFor(api);
    });
    afterAll(async () => api?.close());
    // Every test starts at 10:00 on a new local day: same-day rules and daily limits start afresh.
    beforeEach(() => clock.set(nextShanghai10am(clock.now())));
    afterEach(async () => assertLedgerConsistent(api.store, api.merchant.merchant_id));

    const list = (query: ListChargesParams & { starting_after?: string }) => polypay.charges.listPage(query);
    const refundOf = (chargeId: string, amount: number) =>
      polypay.refunds.create(chargeId, { refund_no: uniqueNo('rf'), amount });
    /** A barcode charge the sandbox pays at once. */
    const paidCharge = async (
      params: CreateChargeParams = barcodeParams(),
      client = polypay,
    ): Promise<Charge> => {
      const charge = await client.charges.create(params);
      expect(charge.status).toBe('PAID');
      return charge;
    };

    it('pays a barcode charge at once: PAID, fee, buyer, flows, pending balance', async () => {
      const before = await balanceOf(api);
      const charge = await polypay.charges.create(
        barcodeParams({ amount: 10_000, authCode: magicBarcode('00') }),
      );
      expect(charge).toMatchObject({
        status: 'PAID',
        amount: 10_000,
        fee: 60,
        amount_refunded: 0,
        amount_refundable: 10_000,
        paid: true,
        settled: false,
        biz_result: 'PAY_SUCCESS',
        auth_code: '2800**********0000',
        channel: 'sandbox',
      });
      expect(charge.id).toMatch(/^ch_/);
      expect(charge.buyer_id).toMatch(/^2088\d{12}$/);
      expect(charge.flows).toEqual([
        expect.objectContaining({ kind: 'pay', status: 'SUCCESS', biz_result: 'PAY_SUCCESS' }),
      ]);
      expect(await polypay.charges.retrieve(charge.id)).toMatchObject({ id: charge.id, status: 'PAID' });
      const found = await list({ out_trade_no: charge.out_trade_no });
      expect(found.items.map((c) => c.id)).toEqual([charge.id]);
      expect(await balanceOf(api)).toEqual({ available: before.available, pending: before.pending + 9_940 });
    });

    it('answers a definite failure with 402 and the channel error, and records the charge', async () => {
      const body = barcodeParams({ authCode: magicBarcode('01') });
      const failed = await expectRejected(polypay.charges.create(body), 402, 'insufficient_fund');
      expect(failed.channel_error).toMatchObject({ provider: 'sandbox', code: 'INSUFFICIENT_FUND' });
      const found = await list({ out_trade_no: body.out_trade_no });
      expect(found.items).toEqual([
        expect.objectContaining({ status: 'PAY_CANCELED', failure_code: 'insufficient_fund', paid: false }),
      ]);
      // The same request again answers the same failure, and no second charge.
      await expectRejected(polypay.charges.create(body), 402, 'insufficient_fund');
    });

    it('treats out_trade_no as the idempotency of the order', async () => {
      // Each call carries its own Idempotency-Key (the SDK's default): out_trade_no alone makes them one.
      const body = barcodeParams({ amount: 1234 });
      const first = await polypay.charges.create(body);
      const again = await polypay.charges.create(body);
      expect(again.id).toBe(first.id);
      // The same content in another key order is the same request.
      const withMetadata = barcodeParams({ metadata: { order: '42', shelf: 'b7' } });
      const m1 = await polypay.charges.create(withMetadata);
      const m2 = await polypay.charges.create({ ...withMetadata, metadata: { shelf: 'b7', order: '42' } });
      expect(m2.id).toBe(m1.id);
      await expectRejected(
        polypay.charges.create({ ...body, amount: 1235 }),
        402,
        'charge_order_no_used',
        'out_trade_no',
      );
      const rows = await api.store.db
        .selectFrom('charges')
        .select('id')
        .where('out_trade_no', '=', body.out_trade_no)
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('answers a QR charge CREATED with a qr_code, and PAID once the sandbox buyer pays', async () => {
      const charge = await polypay.charges.create(qrParams({ amount: 2_000 }));
      expect(charge).toMatchObject({ status: 'CREATED', pay_url: null, paid: false });
      expect(charge.qr_code).toBe(`polypay-sandbox://pay/${charge.id}`);
      // The sandbox buyer's side has no SDK call: it is the test harness, not the merchant.
      const paid = await polypay.http.request<Charge>('POST', `/v1/sandbox/charges/${charge.id}/pay`, {
        body: {},
      });
      expect(paid.status).toBe('PAID');
      const read = await polypay.charges.retrieve(charge.id);
      expect(read).toMatchObject({ status: 'PAID', fee: 12, paid: true });
      expect(read.buyer_id).toEqual(expect.any(String));
    });

    it('answers a wap charge CREATED with a pay_url', async () => {
      const created = await polypay.charges.create(qrParams({ subPayway: 'wap' }));
      expect(created).toMatchObject({ status: 'CREATED', qr_code: null, sub_payway: 'wap' });
      expect(created.pay_url).toMatch(new RegExp(`/v1/sandbox/charges/${created.id}/pay$`));
    });

    it('lists charges newest first with a cursor across pages, and filters them', async () => {
      const start = clock.now();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const outTradeNo = uniqueNo('list');
        const params =
          i === 2
            ? qrParams({ outTradeNo })
            : barcodeParams({ outTradeNo, ...(i === 4 ? { authCode: magicBarcode('01') } : {}) });
        // The last one is declined (its error is checked elsewhere); it is listed all the same.
        const created = polypay.charges.create(params);
        await (i === 4 ? created.catch(() => undefined) : created);
        const found = await list({ out_trade_no: outTradeNo });
        ids.push(found.items[0]!.id);
        clock.advance(1_000);
      }
      const failed = await list({ status: 'PAY_CANCELED', created_gte: start });
      expect(failed.items.map((c) => c.id)).toEqual([ids[4]]);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list({
          created_gte: start,
          limit: 2,
          ...(cursor ? { starting_after: cursor } : {}),
        });
        seen.push(...page.items.map((c) => c.id));
        cursor = page.next_cursor;
        expect(page.has_more).toBe(cursor !== null);
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
      // The SDK's iterator walks the same pages.
      const iterated: string[] = [];
      for await (const charge of polypay.charges.list({ created_gte: start, limit: 2 }))
        iterated.push(charge.id);
      expect(iterated).toEqual(seen);
      const qr = await list({ sub_payway: 'qrcode', created_gte: start });
      expect(qr.items.map((c) => c.id)).toEqual([ids[2]]);
      const paid = await list({ status: 'PAID', created_gte: start, created_lt: start + 2_000 });
      expect(paid.items.map((c) => c.id)).toEqual([ids[1], ids[0]]);
      await expectRejected(list({ starting_after: 'not-a-cursor' }), 400, 'invalid_params', 'starting_after');
      await expectRejected(list({ status: 'NOPE' as never }), 400, 'invalid_params', 'status');
      await expectRejected(list({ limit: 0 }), 400, 'invalid_params', 'limit');
      expect(await list({ out_trade_no: uniqueNo('none') })).toEqual({
        items: [],
        has_more: false,
        next_cursor: null,
      });
    });

    it('answers 404 for an unknown charge and for another merchant’s charge', async () => {
      await expectRejected(polypay.charges.retrieve('ch_doesnotexist'), 404, 'resource_not_found');
      const mine = await paidCharge();
      const other = sdkFor(api, (await api.createMerchant('Other')).secret_key);
      await expectRejected(other.charges.retrieve(mine.id), 404, 'resource_not_found');
      await expectRejected(polypay.charges.cancel('ch_doesnotexist'), 404, 'resource_not_found');
    });

    it('refuses bad input with a 400 naming the field', async () => {
      const send = (body: Record<string, unknown>) => api.request('POST', '/v1/charges', { body });
      const { auth_code: _omitted, ...noAuthCode } = barcodeBody();
      expectError(await send(noAuthCode), 400, 'missing_param', 'auth_code');
      expectError(await send(barcodeBody({ amount: 1 })), 400, 'amount_out_of_range', 'amount');
      expectError(await send(barcodeBody({ amount: 6_000_001 })), 400, 'amount_out_of_range', 'amount');
      expectError(await send({ ...barcodeBody(), amount: '100' }), 400, 'invalid_amount', 'amount');
      expectError(await send({ ...barcodeBody(), amount: 10.5 }), 400, 'invalid_amount', 'amount');
      expectError(await send(barcodeBody({ currency: 'XYZ' })), 400, 'invalid_params', 'currency');
      expectError(await send(barcodeBody({ payway: 'bitcoin' })), 400, 'invalid_params', 'payway');
      expectError(await send({ ...barcodeBody(), colour: 'red' }), 400, 'invalid_params', 'colour');
      const { out_trade_no: _none, ...noOrderNo } = barcodeBody();
      expectError(await send(noOrderNo), 400, 'missing_param', 'out_trade_no');
      const bad = await api.request('POST', '/v1/charges', {
        body: '{"amount":',
        contentType: 'application/json',
      });
      expect(bad.status).toBe(400);
    });

    it('enforces the buyer’s per-charge and daily limits', async () => {
      const over = barcodeParams({ amount: 500_001 });
      await expectRejected(polypay.charges.create(over), 402, 'buyer_over_transaction_limit', 'amount');
      expect((await list({ out_trade_no: over.out_trade_no })).items).toEqual([]);
      const buyer = buyerBarcode();
      for (let i = 0; i < 4; i += 1) await paidCharge(barcodeParams({ amount: 500_000, authCode: buyer }));
      const fifth = polypay.charges.create(barcodeParams({ amount: 2, authCode: buyer }));
      await expectRejected(fifth, 402, 'buyer_over_daily_limit');
      await paidCharge(barcodeParams({ amount: 500_000 })); // another buyer is not limited
      clock.set(nextShanghai10am(clock.now()));
      await paidCharge(barcodeParams({ amount: 2, authCode: buyer })); // a new local day
    });

    it('enforces a store’s daily limit', async () => {
      const storeId = uniqueNo('st');
      await api.store.db
        .insertInto('stores')
        .values({
          id: storeId,
          merchant_id: api.merchant.merchant_id,
          mode: 'test',
          name: 'Shop',
          daily_limit: 1_500,
          created_at: clock.now(),
        })
        .execute();
      await paidCharge(barcodeParams({ amount: 1_000, storeId }));
      await expectRejected(
        polypay.charges.create(barcodeParams({ amount: 600, storeId })),
        402,
        'store_over_daily_limit',
      );
      await paidCharge(barcodeParams({ amount: 500, storeId }));
      await expectRejected(
        polypay.charges.create(barcodeParams({ storeId: 'st_nope' })),
        404,
        'resource_not_found',
        'store_id',
      );
    });

    it('enforces the seller’s daily limit and refuses a disabled merchant', async () => {
      const seller = await api.createMerchant('Busy seller');
      const sellerSdk = sdkFor(api, seller.secret_key);
      await paidCharge(barcodeParams({ amount: 1_000 }), sellerSdk);
      // Stand in for a day of sales: today's running total grows to just under the sandbox's 100000000.
      await api.store.db
        .updateTable('daily_totals')
        .set({ amount: 99_999_500 })
        .where('merchant_id', '=', seller.merchant_id)
        .where('scope', '=', 'merchant')
        .execute();
      await paidCharge(barcodeParams({ amount: 500 }), sellerSdk);
      await expectRejected(
        sellerSdk.charges.create(barcodeParams({ amount: 2 })),
        402,
        'seller_over_daily_limit',
      );
      await setMerchantStatus(api.store.db, seller.merchant_id, 'disabled', clock.now());
      await expectRejected(sellerSdk.charges.create(barcodeParams()), 403, 'merchant_disabled');
    });

    it('cancels a paid charge the same day, once, and reverses its money', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(barcodeParams({ amount: 5_000 }));
      clock.advance(1_000);
      const canceled = await polypay.charges.cancel(charge.id);
      expect(canceled).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_SUCCESS' });
      expect(await balanceOf(api)).toEqual(before);
      await expectRejected(polypay.charges.cancel(charge.id), 402, 'cancel_already_done');
      await expectRejected(refundOf(charge.id, 100), 402, 'refund_not_allowed');
    });

    it('refuses a cancel on a later local day, or after a refund', async () => {
      const late = await paidCharge();
      clock.set(nextShanghaiMidnight(clock.now(), 30 * 60_000)); // 00:30 the next day
      await expectRejected(polypay.charges.cancel(late.id), 402, 'cancel_not_allowed');
      const refunded = await paidCharge();
      expect(await refundOf(refunded.id, 100)).toMatchObject({ status: 'SUCCEEDED' });
      await expectRejected(polypay.charges.cancel(refunded.id), 402, 'cancel_not_allowed');
    });

    it('aborts a payment in progress (CANCEL_ABORT_SUCCESS)', async () => {
      const created = await polypay.charges.create(barcodeParams({ authCode: magicBarcode('11') }));
      expect(created.status).toBe('CREATED');
      // Flows are ordered by their creation instant: the cancel comes a moment after the payment.
      clock.advance(1_000);
      const canceled = await polypay.charges.cancel(created.id);
      expect(canceled).toMatchObject({
        status: 'CANCELED',
        biz_result: 'CANCEL_ABORT_SUCCESS',
        paid: false,
      });
      await api.runtime.jobs.runUntilIdle();
      expect((await polypay.charges.retrieve(created.id)).status).toBe('CANCELED');
    });

    it('closes an unpaid charge the same day only, and never a paid one', async () => {
      const qr = await polypay.charges.create(qrParams());
      const closed = await polypay.charges.close(qr.id);
      expect(closed.status).toBe('CLOSED');
      await expectRejected(polypay.charges.close(qr.id), 402, 'charge_closed');
      const paid = await paidCharge();
      await expectRejected(polypay.charges.close(paid.id), 402, 'close_refused_paid');
      const yesterday = await polypay.charges.create(qrParams());
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await expectRejected(polypay.charges.close(yesterday.id), 402, 'close_not_same_day');
    });

    it('voids a paid charge the same day, once, and never after settlement or the next day', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(barcodeParams({ amount: 3_000 }));
      const voided = await polypay.charges.void(charge.id);
      expect(voided).toMatchObject({ status: 'VOIDED' });
      expect(await balanceOf(api)).toEqual(before);
      await expectRejected(polypay.charges.void(charge.id), 402, 'void_already_done');
      const late = await paidCharge();
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      await expectRejected(polypay.charges.void(late.id), 402, 'void_not_same_day');
      expect(await settleAll(api.runtime.charges)).toBeGreaterThanOrEqual(1);
      expect((await polypay.charges.retrieve(late.id)).settled).toBe(true);
      await expectRejected(polypay.charges.void(late.id), 402, 'void_settled');
    });
  });
}
