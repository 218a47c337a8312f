import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import {
  type Answer,
  assertLedgerConsistent,
  barcodeBody,
  buyerBarcode,
  type ChargeView,
  chargeAction,
  createBarcodeCharge,
  getCharge,
  paidCharge,
  type RefundView,
  refund,
  SHANGHAI_10AM,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

// refund_not_allowed: the charge became REFUNDED while the request waited.
const CLEAN_REFUSALS = ['refund_pending_exists', 'refund_amount_exceeded', 'refund_not_allowed'];

for (const dialect of DIALECTS) {
  describe(`${dialect}: concurrent requests`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock: manualClock(SHANGHAI_10AM) });
    });
    afterAll(async () => api?.close());
    afterEach(async () => assertLedgerConsistent(api.store, api.merchant.merchant_id));

    const chargeRows = (outTradeNo: string) =>
      api.store.db.selectFrom('charges').select('id').where('out_trade_no', '=', outTradeNo).execute();

    for (const round of [1, 2, 3]) {
      it(`ten refunds racing on one charge never exceed what was paid (round ${round})`, async () => {
        const charge = await paidCharge(api, { amount: 500 });
        const answers: Answer<RefundView>[] = await Promise.all(
          Array.from({ length: 10 }, () => refund(api, charge.id, { amount: 100 })),
        );
        let succeeded = 0;
        for (const answer of answers) {
          expect(answer.status, answer.text).toBeLessThan(500);
          if (answer.status === 200) {
            expect(answer.body.data.status).toBe('SUCCEEDED');
            succeeded += answer.body.data.amount;
          } else {
            expect(answer.status, answer.text).toBe(402);
            expect(CLEAN_REFUSALS).toContain(answer.body.code);
          }
        }
        expect(succeeded).toBeGreaterThan(0);
        expect(succeeded).toBeLessThanOrEqual(500);
        const after = (await getCharge(api, charge.id)).body.data;
        expect(after.amount_refunded).toBe(succeeded);
        // A sequential pass finds exactly what is left.
        const left = 500 - succeeded;
        expect(after.amount_refundable).toBe(left);
        if (left > 0) {
          const over = await refund(api, charge.id, { amount: left + 1 });
          expect(over.body.code).toBe('refund_amount_exceeded');
          expect((await refund(api, charge.id, { amount: left })).status).toBe(200);
        }
        const full = (await getCharge(api, charge.id)).body.data;
        expect(full).toMatchObject({ status: 'REFUNDED', amount_refunded: 500, amount_refundable: 0 });
        expect((await refund(api, charge.id, { amount: 1 })).status).toBe(402);
      });
    }

    it('charges once when the same Idempotency-Key arrives twice at once', async () => {
      const body = barcodeBody({ amount: 777 });
      const key = uniqueNo('idem');
      const answers = await Promise.all(
        [0, 1].map(() =>
          api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', {
            body,
            headers: { 'idempotency-key': key },
          }),
        ),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect([
        [200, 200],
        [200, 409],
      ]).toContainEqual(statuses);
      const ok = answers.filter((a) => a.status === 200);
      expect(new Set(ok.map((a) => a.body.data.id)).size).toBe(1);
      for (const busy of answers.filter((a) => a.status === 409)) {
        expect(busy.body).toMatchObject({ code: 'idempotency_request_in_progress', retryable: true });
      }
      expect(await chargeRows(String(body.out_trade_no))).toHaveLength(1);
      // Once the first is done, the key replays it.
      const replay = await api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', {
        body,
        headers: { 'idempotency-key': key },
      });
      expect(replay.status).toBe(200);
      expect(replay.body.data.id).toBe(ok[0]!.body.data.id);
    });

    it('creates one charge when two requests with one out_trade_no race without a key', async () => {
      const body = barcodeBody({ amount: 888 });
      const answers = await Promise.all(
        [0, 1, 2].map(() => api.request<Answer<ChargeView>['body']>('POST', '/v1/charges', { body })),
      );
      for (const answer of answers) expect(answer.status, answer.text).toBe(200);
      expect(new Set(answers.map((a) => a.body.data.id)).size).toBe(1);
      expect(await chargeRows(String(body.out_trade_no))).toHaveLength(1);
      expect((await getCharge(api, answers[0]!.body.data.id)).body.data.status).toBe('PAID');
    });

    it('lets either a cancel or a refund win a race on one charge, never both', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const [canceled, refunded] = await Promise.all([
        chargeAction(api, charge.id, 'cancel'),
        refund(api, charge.id, { amount: 400 }),
      ]);
      expect(canceled.status, canceled.text).toBeLessThan(500);
      expect(refunded.status, refunded.text).toBeLessThan(500);
      const after = (await getCharge(api, charge.id)).body.data;
      if (after.status === 'CANCELED') {
        expect(refunded.status).toBe(402);
        expect(after.amount_refunded).toBe(0);
      } else {
        expect(canceled.status).toBe(402);
        expect(after).toMatchObject({ status: 'PARTIAL_REFUNDED', amount_refunded: 400 });
      }
    });

    it('lets either a void or a refund win a race on one charge, never both', async () => {
      for (let i = 0; i < 3; i += 1) {
        const charge = await paidCharge(api, { amount: 1_000 });
        const [voided, refunded] = await Promise.all([
          chargeAction(api, charge.id, 'void'),
          refund(api, charge.id, { amount: 400 }),
        ]);
        expect(voided.status, voided.text).toBeLessThan(500);
        expect(refunded.status, refunded.text).toBeLessThan(500);
        expect([voided.status, refunded.status].sort(), `${voided.text}\n${refunded.text}`).toEqual([
          200, 402,
        ]);
        const after = (await getCharge(api, charge.id)).body.data;
        expect(after.status).toBe(voided.status === 200 ? 'VOIDED' : 'PARTIAL_REFUNDED');
      }
    });

    it('lets either a void or a cancel win a race on one charge, never both', async () => {
      for (let i = 0; i < 3; i += 1) {
        const charge = await paidCharge(api, { amount: 1_000 });
        const answers = await Promise.all([
          chargeAction(api, charge.id, 'void'),
          chargeAction(api, charge.id, 'cancel'),
        ]);
        expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join('\n')).toEqual([
          200, 402,
        ]);
      }
    });

    it('lets one of two parallel voids win', async () => {
      const charge = await paidCharge(api, { amount: 1_000 });
      const answers = await Promise.all([0, 1].map(() => chargeAction(api, charge.id, 'void')));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 402]);
      expect((await getCharge(api, charge.id)).body.data.status).toBe('VOIDED');
    });

    it('parallel charges of one buyer never pass the buyer’s daily limit together', async () => {
      // The sandbox buyer may pay 2000000 a day and 500000 a charge: six charges race for four places.
      const authCode = buyerBarcode();
      const answers = await Promise.all(
        Array.from({ length: 6 }, () => createBarcodeCharge(api, { amount: 500_000, authCode })),
      );
      const paid = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status !== 200);
      expect(paid).toHaveLength(4);
      for (const answer of refused) {
        expect(answer.status).toBe(402);
        expect(answer.body.code).toBe('buyer_over_daily_limit');
      }
      // A refused charge wrote nothing: the buyer's total is exactly what was paid.
      const total = await api.store.db
        .selectFrom('daily_totals')
        .select('amount')
        .where('scope', '=', 'buyer')
        .where('scope_id', '=', paid[0]!.body.data.buyer_id!)
        .executeTakeFirstOrThrow();
      expect(Number(total.amount)).toBe(2_000_000);
      // Nor a charge, a flow or a job (on PostgreSQL they share the refused statement).
      const charges = await api.store.db
        .selectFrom('charges')
        .select('id')
        .where('buyer_id', '=', paid[0]!.body.data.buyer_id!)
        .execute();
      expect(charges).toHaveLength(4);
      const ids = charges.map((c) => c.id);
      const flows = await api.store.db
        .selectFrom('charge_flows')
        .select('id')
        .where('charge_id', 'in', ids)
        .execute();
      expect(flows).toHaveLength(4);
    });
  });
}
