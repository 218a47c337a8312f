import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { magicBarcode } from '../../src/channels/sandbox/barcode.js';
import { manualClock } from '../../src/domain/clock.js';
import { CHARGE_RESOLVE_JOB } from '../../src/services/charges/deps.js';
import { startTestApi, type TestApi } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';

interface ChargeData {
  data: { id: string; status: string; flows: { kind: string }[] };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: one resolution job per charge`, () => {
    const clock = manualClock(Date.UTC(2026, 10, 24, 2, 0));
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { clock });
    });
    afterAll(async () => api?.close());

    const openJobs = async (chargeId: string) =>
      (
        await api.store.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', CHARGE_RESOLVE_JOB)
          .where('payload', '=', JSON.stringify({ chargeId }))
          .where('status', 'in', ['pending', 'running'])
          .execute()
      ).length;

    it('a merchant’s uncertain abort is finished by the charge’s own job, not by a second one', async () => {
      // Magic 26: the payment stays in progress; aborting it answers CANCEL_ABORT_ERROR for 60 s.
      const created = await api.request<ChargeData>('POST', '/v1/charges', {
        body: {
          out_trade_no: 'resolve-26',
          amount: 1000,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: magicBarcode('26'),
        },
      });
      expect(created.body.data.status).toBe('CREATED');
      const id = created.body.data.id;
      expect(await openJobs(id)).toBe(1);
      clock.advance(1_000);
      const canceled = await api.request<ChargeData>('POST', `/v1/charges/${id}/cancel`);
      expect(canceled.body.data.status).toBe('CANCEL_ERROR');
      expect(await openJobs(id)).toBe(1);

      for (let second = 0; second < 90; second += 1) {
        clock.advance(1_000);
        await api.runtime.jobs.runUntilIdle();
      }
      const final = await api.request<ChargeData>('GET', `/v1/charges/${id}`);
      expect(final.body.data.status).toBe('CANCELED');
      expect(await openJobs(id)).toBe(0);
    });
  });
}
