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

    it('a refund the channel never settles is handed over after 24 h (refund_manual_intervention)', async () => {
      const created = await api.request<ChargeData>('POST', '/v1/charges', {
        body: {
          out_trade_no: 'resolve-9908',
          amount: 20_000,
          currency: 'CNY',
          subject: 'Tea',
          payway: 'alipay',
          sub_payway: 'barcode',
          auth_code: magicBarcode('00'),
        },
      });
      const id = created.body.data.id;
      clock.advance(1_000);
      const refund = await api.request<{ data: { id: string; status: string } }>(
        'POST',
        `/v1/charges/${id}/refunds`,
        {
          body: { refund_no: 'refund-9908', amount: 9908 },
        },
      );
      expect(refund.body.data.status).toBe('REFUND_ERROR');
      const refundId = refund.body.data.id;
      const pendingBefore = await api.request<{ data: { balances: { pending: number }[] } }>(
        'GET',
        '/v1/balance',
      );

      // Twelve hours in, polypay is still asking.
      for (let i = 0; i < 72; i += 1) {
        clock.advance(10 * 60_000);
        await api.runtime.jobs.runUntilIdle();
      }
      const halfway = await api.request<{ data: { status: string; failure_code: string | null } }>(
        'GET',
        `/v1/refunds/${refundId}`,
      );
      expect(halfway.body.data).toMatchObject({ status: 'REFUND_ERROR', failure_code: null });

      for (let i = 0; i < 80; i += 1) {
        clock.advance(10 * 60_000);
        await api.runtime.jobs.runUntilIdle();
      }
      const handedOver = await api.request<{ data: { status: string; failure_code: string | null } }>(
        'GET',
        `/v1/refunds/${refundId}`,
      );
      expect(handedOver.body.data).toMatchObject({
        status: 'REFUND_ERROR',
        failure_code: 'refund_manual_intervention',
      });
      const events = await api.request<{ data: { items: { type: string }[] } }>(
        'GET',
        '/v1/events?type=refund.manual_intervention',
      );
      expect(events.body.data.items).toHaveLength(1);
      // The money stays reserved: nobody knows whether it left.
      const pendingAfter = await api.request<{ data: { balances: { pending: number }[] } }>(
        'GET',
        '/v1/balance',
      );
      expect(pendingAfter.body.data.balances).toEqual(pendingBefore.body.data.balances);
      const open = await api.store.db
        .selectFrom('jobs')
        .select('id')
        .where('kind', '=', 'refund.resolve')
        .where('status', 'in', ['pending', 'running'])
        .execute();
      expect(open).toHaveLength(0);
    });

    it('a wap charge with expires_in_seconds stays open past the default deadline, then closes at its own', async () => {
      let seq = 0;
      const body = (extra: Record<string, unknown>) => ({
        out_trade_no: `expiry-${seq++}`,
        amount: 1000,
        currency: 'CNY',
        subject: 'Tea',
        payway: 'alipay',
        sub_payway: 'wap',
        ...extra,
      });
      for (const bad of [
        body({ expires_in_seconds: 59 }),
        body({ expires_in_seconds: 15 * 86_400 + 1 }),
        body({ expires_in_seconds: 600.5 }),
        { ...body({ expires_in_seconds: 600 }), sub_payway: 'barcode', auth_code: magicBarcode('00') },
      ]) {
        const refused = await api.request<{ code: string; param: string }>('POST', '/v1/charges', {
          body: bad,
        });
        expect(refused.status).toBe(400);
        expect(refused.body.param).toBe('expires_in_seconds');
      }
      const start = clock.now();
      const created = await api.request<ChargeData & { data: { expires_at: number } }>(
        'POST',
        '/v1/charges',
        {
          body: body({ expires_in_seconds: 600 }),
        },
      );
      expect(created.body.data).toMatchObject({ status: 'CREATED', expires_at: start + 600_000 });
      const id = created.body.data.id;
      const queries = async () =>
        (await api.request<ChargeData>('GET', `/v1/charges/${id}`)).body.data.flows.filter(
          (f) => f.kind === 'query',
        ).length;
      // Past the 120 s a wap charge has by default: still open, asked every 30 s rather than every 5.
      for (let step = 0; step < 40; step += 1) {
        clock.advance(5_000);
        await api.runtime.jobs.runUntilIdle();
      }
      const at200s = await api.request<ChargeData>('GET', `/v1/charges/${id}`);
      expect(at200s.body.data.status).toBe('CREATED');
      const before = await queries();
      for (let step = 0; step < 6; step += 1) {
        clock.advance(5_000);
        await api.runtime.jobs.runUntilIdle();
      }
      expect((await queries()) - before).toBeLessThanOrEqual(2);
      clock.set(start + 600_000 + 1_000);
      await api.runtime.jobs.runUntilIdle();
      const closed = await api.request<ChargeData>('GET', `/v1/charges/${id}`);
      expect(closed.body.data.status).toBe('PAY_CANCELED');
      expect(await openJobs(id)).toBe(0);
    });
  });
}
