import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { settleAll } from '../../src/services/settlement.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import {
  type Answer,
  assertLedgerConsistent,
  balanceOf,
  barcodeBody,
  buyerBarcode,
  type ChargeView,
  chargeAction,
  createBarcodeCharge,
  createQrCharge,
  expectError,
  getCharge,
  type ListView,
  magicBarcode,
  nextShanghai10am,
  nextShanghaiMidnight,
  paidCharge,
  refund,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: charges`, () => {
    let api: TestApi;
    const clock: ManualClock = manualClock(SHANGHAI_10AM);
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());
    // Every test starts at 10:00 on a new local day: same-day rules and daily limits start afresh.
    beforeEach(() => clock.set(nextShanghai10am(clock.now())));
    afterEach(async () => assertLedgerConsistent(api.store, api.merchant.merchant_id));

    const list = (query: string) =>
      api.request<{ data: ListView<ChargeView> }>('GET', `/v1/charges?${query}`);

    it('pays a barcode charge at once: PAID, fee, buyer, flows, pending balance', async () => {
      const before = await balanceOf(api);
      const created = await createBarcodeCharge(api, { amount: 10_000, authCode: magicBarcode('00') });
      expect(created.status, created.text).toBe(200);
      const charge = created.body.data;
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
      expect((await getCharge(api, charge.id)).body.data).toMatchObject({ id: charge.id, status: 'PAID' });
      const found = await list(`out_trade_no=${charge.out_trade_no}`);
      expect(found.body.data.items.map((c) => c.id)).toEqual([charge.id]);
      expect(await balanceOf(api)).toEqual({ available: before.available, pending: before.pending + 9_940 });
    });

    it('answers a definite failure with 402 and the channel error, and records the charge', async () => {
      const body = barcodeBody({ authCode: magicBarcode('01') });
      const failed = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body });
      expectError(failed, 402, 'insufficient_fund');
      expect(failed.body.channel_error).toMatchObject({ provider: 'sandbox', code: 'INSUFFICIENT_FUND' });
      const found = await list(`out_trade_no=${String(body.out_trade_no)}`);
      expect(found.body.data.items).toEqual([
        expect.objectContaining({ status: 'PAY_CANCELED', failure_code: 'insufficient_fund', paid: false }),
      ]);
      // The same request again answers the same failure, and no second charge.
      expectError(await api.request('POST', '/v1/charges', { body }), 402, 'insufficient_fund');
    });

    it('treats out_trade_no as the idempotency of the order', async () => {
      const body = barcodeBody({ amount: 1234 });
      const first = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body });
      const again = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.body.data.id).toBe(first.body.data.id);
      // The same content in another key order is the same request.
      const withMetadata = barcodeBody({ metadata: { order: '42', shelf: 'b7' } });
      const m1 = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body: withMetadata });
      const reordered = { ...withMetadata, metadata: { shelf: 'b7', order: '42' } };
      const m2 = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body: reordered });
      expect(m2.status, m2.text).toBe(200);
      expect(m2.body.data.id).toBe(m1.body.data.id);
      const other = await api.request('POST', '/v1/charges', { body: { ...body, amount: 1235 } });
      expectError(other, 402, 'charge_order_no_used', 'out_trade_no');
      const rows = await api.store.db
        .selectFrom('charges')
        .select('id')
        .where('out_trade_no', '=', String(body.out_trade_no))
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('answers a QR charge CREATED with a qr_code, and PAID once the sandbox buyer pays', async () => {
      const created = await createQrCharge(api, { amount: 2_000 });
      expect(created.status, created.text).toBe(200);
      const charge = created.body.data;
      expect(charge).toMatchObject({ status: 'CREATED', pay_url: null, paid: false });
      expect(charge.qr_code).toBe(`polypay-sandbox://pay/${charge.id}`);
      const paid = await api.request<Answer<ChargeView>['body']>(
        'POST',
        `/v1/sandbox/charges/${charge.id}/pay`,
        {
          body: {},
        },
      );
      expect(paid.status, paid.text).toBe(200);
      expect(paid.body.data.status).toBe('PAID');
      const read = await getCharge(api, charge.id);
      expect(read.body.data).toMatchObject({ status: 'PAID', fee: 12, paid: true });
      expect(read.body.data.buyer_id).toEqual(expect.any(String));
    });

    it('answers a wap charge CREATED with a pay_url', async () => {
      const created = await createQrCharge(api, { subPayway: 'wap' });
      expect(created.status, created.text).toBe(200);
      expect(created.body.data).toMatchObject({ status: 'CREATED', qr_code: null, sub_payway: 'wap' });
      expect(created.body.data.pay_url).toMatch(
        new RegExp(`/v1/sandbox/charges/${created.body.data.id}/pay$`),
      );
    });

    it('lists charges newest first with a cursor across pages, and filters them', async () => {
      const start = clock.now();
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const outTradeNo = uniqueNo('list');
        if (i === 2) await createQrCharge(api, { outTradeNo });
        else
          await createBarcodeCharge(api, {
            outTradeNo,
            ...(i === 4 ? { authCode: magicBarcode('01') } : {}),
          });
        const found = await list(`out_trade_no=${outTradeNo}`);
        ids.push(found.body.data.items[0]!.id);
        clock.advance(1_000);
      }
      const failed = await list(`status=PAY_CANCELED&created_gte=${start}`);
      expect(failed.body.data.items.map((c) => c.id)).toEqual([ids[4]]);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await list(`created_gte=${start}&limit=2${cursor ? `&starting_after=${cursor}` : ''}`);
        expect(page.status, page.text).toBe(200);
        seen.push(...page.body.data.items.map((c) => c.id));
        cursor = page.body.data.next_cursor;
        expect(page.body.data.has_more).toBe(cursor !== null);
        pages += 1;
      } while (cursor !== null && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual([...ids].reverse());
      const qr = await list(`sub_payway=qrcode&created_gte=${start}`);
      expect(qr.body.data.items.map((c) => c.id)).toEqual([ids[2]]);
      const paid = await list(`status=PAID&created_gte=${start}&created_lt=${start + 2_000}`);
      expect(paid.body.data.items.map((c) => c.id)).toEqual([ids[1], ids[0]]);
      expectError(await list('starting_after=not-a-cursor'), 400, 'invalid_params', 'starting_after');
      expectError(await list('status=NOPE'), 400, 'invalid_params', 'status');
      expectError(await list('limit=0'), 400, 'invalid_params', 'limit');
      expect((await list(`out_trade_no=${uniqueNo('none')}`)).body.data).toEqual({
        items: [],
        has_more: false,
        next_cursor: null,
      });
    });

    it('answers 404 for an unknown charge and for another merchant’s charge', async () => {
      expectError(await getCharge(api, 'ch_doesnotexist'), 404, 'resource_not_found');
      const mine = await paidCharge(api);
      const other = await api.createMerchant('Other');
      expectError(await getCharge(api, mine.id, other.secret_key), 404, 'resource_not_found');
      expectError(await chargeAction(api, 'ch_doesnotexist', 'cancel'), 404, 'resource_not_found');
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
      const over = barcodeBody({ amount: 500_001 });
      expectError(
        await api.request('POST', '/v1/charges', { body: over }),
        402,
        'buyer_over_transaction_limit',
        'amount',
      );
      expect((await list(`out_trade_no=${String(over.out_trade_no)}`)).body.data.items).toEqual([]);
      const buyer = buyerBarcode();
      for (let i = 0; i < 4; i += 1) await paidCharge(api, { amount: 500_000, authCode: buyer });
      const fifth = await createBarcodeCharge(api, { amount: 2, authCode: buyer });
      expectError(fifth, 402, 'buyer_over_daily_limit');
      await paidCharge(api, { amount: 500_000 }); // another buyer is not limited
      clock.set(nextShanghai10am(clock.now()));
      await paidCharge(api, { amount: 2, authCode: buyer }); // a new local day
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
      await paidCharge(api, { amount: 1_000, storeId });
      expectError(await createBarcodeCharge(api, { amount: 600, storeId }), 402, 'store_over_daily_limit');
      await paidCharge(api, { amount: 500, storeId });
      expectError(
        await createBarcodeCharge(api, { storeId: 'st_nope' }),
        404,
        'resource_not_found',
        'store_id',
      );
    });

    it('enforces the seller’s daily limit and refuses a disabled merchant', async () => {
      const seller = await api.createMerchant('Busy seller');
      await paidCharge(api, { key: seller.secret_key, amount: 1_000 });
      // Stand in for a day of sales: today's running total grows to just under the sandbox's 100000000.
      await api.store.db
        .updateTable('daily_totals')
        .set({ amount: 99_999_500 })
        .where('merchant_id', '=', seller.merchant_id)
        .where('scope', '=', 'merchant')
        .execute();
      await paidCharge(api, { key: seller.secret_key, amount: 500 });
      expectError(
        await createBarcodeCharge(api, { key: seller.secret_key, amount: 2 }),
        402,
        'seller_over_daily_limit',
      );
      await api.store.db
        .updateTable('merchants')
        .set({ status: 'disabled' })
        .where('id', '=', seller.merchant_id)
        .execute();
      expectError(await createBarcodeCharge(api, { key: seller.secret_key }), 403, 'merchant_disabled');
    });

    it('cancels a paid charge the same day, once, and reverses its money', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(api, { amount: 5_000 });
      clock.advance(1_000);
      const canceled = await chargeAction(api, charge.id, 'cancel');
      expect(canceled.status, canceled.text).toBe(200);
      expect(canceled.body.data).toMatchObject({ status: 'CANCELED', biz_result: 'CANCEL_SUCCESS' });
      expect(await balanceOf(api)).toEqual(before);
      expectError(await chargeAction(api, charge.id, 'cancel'), 402, 'cancel_already_done');
      expectError(await refund(api, charge.id, { amount: 100 }), 402, 'refund_not_allowed');
    });

    it('refuses a cancel on a later local day, or after a refund', async () => {
      const late = await paidCharge(api);
      clock.set(nextShanghaiMidnight(clock.now(), 30 * 60_000)); // 00:30 the next day
      expectError(await chargeAction(api, late.id, 'cancel'), 402, 'cancel_not_allowed');
      const refunded = await paidCharge(api);
      expect((await refund(api, refunded.id, { amount: 100 })).status).toBe(200);
      expectError(await chargeAction(api, refunded.id, 'cancel'), 402, 'cancel_not_allowed');
    });

    it('aborts a payment in progress (CANCEL_ABORT_SUCCESS)', async () => {
      const created = await createBarcodeCharge(api, { authCode: magicBarcode('11') });
      expect(created.status, created.text).toBe(200);
      expect(created.body.data.status).toBe('CREATED');
      // Flows are ordered by their creation instant: the cancel comes a moment after the payment.
      clock.advance(1_000);
      const canceled = await chargeAction(api, created.body.data.id, 'cancel');
      expect(canceled.status, canceled.text).toBe(200);
      expect(canceled.body.data).toMatchObject({
        status: 'CANCELED',
        biz_result: 'CANCEL_ABORT_SUCCESS',
        paid: false,
      });
      await api.runtime.jobs.runUntilIdle();
      expect((await getCharge(api, created.body.data.id)).body.data.status).toBe('CANCELED');
    });

    it('closes an unpaid charge the same day only, and never a paid one', async () => {
      const qr = (await createQrCharge(api)).body.data;
      const closed = await chargeAction(api, qr.id, 'close');
      expect(closed.status, closed.text).toBe(200);
      expect(closed.body.data.status).toBe('CLOSED');
      expectError(await chargeAction(api, qr.id, 'close'), 402, 'charge_closed');
      const paid = await paidCharge(api);
      expectError(await chargeAction(api, paid.id, 'close'), 402, 'close_refused_paid');
      const yesterday = (await createQrCharge(api)).body.data;
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      expectError(await chargeAction(api, yesterday.id, 'close'), 402, 'close_not_same_day');
    });

    it('voids a paid charge the same day, once, and never after settlement or the next day', async () => {
      const before = await balanceOf(api);
      const charge = await paidCharge(api, { amount: 3_000 });
      const voided = await chargeAction(api, charge.id, 'void');
      expect(voided.status, voided.text).toBe(200);
      expect(voided.body.data).toMatchObject({ status: 'VOIDED' });
      expect(await balanceOf(api)).toEqual(before);
      expectError(await chargeAction(api, charge.id, 'void'), 402, 'void_already_done');
      const late = await paidCharge(api);
      clock.set(nextShanghaiMidnight(clock.now(), 60_000));
      expectError(await chargeAction(api, late.id, 'void'), 402, 'void_not_same_day');
      expect(await settleAll(api.runtime.charges)).toBeGreaterThanOrEqual(1);
      expect((await getCharge(api, late.id)).body.data.settled).toBe(true);
      expectError(await chargeAction(api, late.id, 'void'), 402, 'void_settled');
    });
  });
}
