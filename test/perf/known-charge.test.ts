/**
 * applyPaymentResult with the charge the request wrote (`known`): no read before the update, and when
 * the charge changed meanwhile the version check sends it back to the locked path, which applies the
 * answer to the charge as it now is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPaymentResult } from '../../src/services/charges/pay-outcome.js';
import { flowsOf, getChargeById, updateCharge } from '../../src/store/index.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { assertLedgerConsistent, createQrCharge } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: applying a pay answer to the charge the request wrote`, () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect);
    });
    afterAll(async () => api?.close());

    it('a charge changed since it was written is read again and paid once', async () => {
      const created = await createQrCharge(api);
      expect(created.status, created.text).toBe(200);
      const id = created.body.data.id;
      const { db } = api.store;
      const written = await getChargeById(db, id);
      expect(written?.status).toBe('CREATED');
      // Someone else changed the charge after this request wrote it (a new version, same status).
      await updateCharge(db, id, { updated_at: written!.updated_at + 1 });
      const flow = (await flowsOf(db, id))[0]!;
      const applied = await applyPaymentResult(
        api.runtime.charges,
        id,
        flow.id,
        { bizResult: 'PAY_SUCCESS', flowStatus: 'SUCCESS', channelTradeNo: 'T-known-1' },
        { emitPending: false, known: written! },
      );
      expect(applied.verdict).toBe('paid');
      const after = await getChargeById(db, id);
      expect(after).toMatchObject({ status: 'PAID', version: written!.version + 2 });
      await assertLedgerConsistent(api.store, api.merchant.merchant_id);
    });

    it('a charge that moved on since it was written is left as it is: no payment is booked', async () => {
      const created = await createQrCharge(api);
      const id = created.body.data.id;
      const { db } = api.store;
      const written = await getChargeById(db, id);
      await updateCharge(db, id, { status: 'CLOSED', closed_at: written!.created_at + 1 });
      const flow = (await flowsOf(db, id))[0]!;
      await applyPaymentResult(
        api.runtime.charges,
        id,
        flow.id,
        { bizResult: 'PAY_SUCCESS', flowStatus: 'SUCCESS', channelTradeNo: 'T-known-2' },
        { emitPending: false, known: written! },
      );
      expect((await getChargeById(db, id))?.status).toBe('CLOSED');
      const postings = await db.selectFrom('ledger_entries').select('id').where('ref_id', '=', id).execute();
      expect(postings).toEqual([]);
    });
  });
}
