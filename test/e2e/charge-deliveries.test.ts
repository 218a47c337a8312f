/**
 * A paid charge's event (and a succeeded refund's) reaches exactly the app's enabled endpoints that
 * subscribe to it, as they are when the charge is paid. On PostgreSQL the outcome is one statement that
 * writes the deliveries to the endpoints this process saw last (src/services/endpoints-seen.ts) and
 * refuses itself when they are not the app's endpoints now; so every change of the endpoints within that
 * minute is checked here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementCounter } from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import {
  barcodeBody,
  type ChargeView,
  type Envelope,
  expectDeliveriesJobbed,
  uniqueNo,
} from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: a paid charge's webhook deliveries`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { counter, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => api?.close());

    const charge = async () => {
      const answer = await api.request<Envelope<ChargeView>>('POST', '/v1/charges', {
        body: barcodeBody({ amount: 1_000 }),
        sign: true,
        headers: { 'idempotency-key': uniqueNo('idem') },
      });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.data.status).toBe('PAID');
      return answer.body.data.id;
    };
    /** The endpoints the charge's events were given to, sorted; every delivery has its job. */
    const deliveredTo = async (chargeId: string) => {
      const deliveries = await api.store.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['d.id', 'd.endpoint_id'])
        .where('e.object_id', '=', chargeId)
        .execute();
      await expectDeliveriesJobbed(
        api.store,
        deliveries.map((delivery) => delivery.id),
      );
      return deliveries.map((delivery) => delivery.endpoint_id).sort();
    };
    const createEndpoint = async (events: string[]) => {
      const created = await api.request<Envelope<{ id: string }>>('POST', '/v1/webhook_endpoints', {
        body: { url: 'http://127.0.0.1:9/hooks', enabled_events: events },
      });
      expect(created.status, created.text).toBe(200);
      return created.body.data.id;
    };
    const updateEndpoint = async (id: string, body: Record<string, unknown>) => {
      const updated = await api.request('POST', `/v1/webhook_endpoints/${id}`, { body });
      expect(updated.status, updated.text).toBe(200);
    };

    it('follows every change of the endpoints, each delivery with its job', async () => {
      expect(await deliveredTo(await charge())).toEqual([]);
      const succeeded = await createEndpoint(['charge.succeeded']);
      expect(await deliveredTo(await charge())).toEqual([succeeded]);
      expect(await deliveredTo(await charge())).toEqual([succeeded]);
      const everything = await createEndpoint(['*']);
      expect(await deliveredTo(await charge())).toEqual([succeeded, everything].sort());
      expect(await deliveredTo(await charge())).toEqual([succeeded, everything].sort());
      await updateEndpoint(succeeded, { enabled_events: ['refund.succeeded'] });
      expect(await deliveredTo(await charge())).toEqual([everything]);
      await updateEndpoint(everything, { disabled: true });
      expect(await deliveredTo(await charge())).toEqual([]);
      await updateEndpoint(succeeded, { enabled_events: ['charge.succeeded', 'refund.succeeded'] });
      expect(await deliveredTo(await charge())).toEqual([succeeded]);
    });

    it.runIf(dialect === 'postgres')(
      'writes the deliveries in the outcome’s statement once the endpoints are known: 2 round trips',
      async () => {
        await charge();
        counter.start();
        const id = await charge();
        const statements = counter.stop();
        expect(statements).toHaveLength(2);
        expect(await deliveredTo(id)).toHaveLength(1);
      },
    );
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: a refund's webhook deliveries`, () => {
    const counter = new StatementCounter();
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(dialect, { counter, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => api?.close());

    const paidCharge = async () => {
      const answer = await api.request<Envelope<ChargeView>>('POST', '/v1/charges', {
        body: barcodeBody({ amount: 1_000 }),
        sign: true,
        headers: { 'idempotency-key': uniqueNo('idem') },
      });
      expect(answer.body.data?.status, answer.text).toBe('PAID');
      return answer.body.data.id;
    };
    const refund = async (chargeId: string, amount: number) => {
      const answer = await api.request<Envelope<{ id: string; status: string }>>(
        'POST',
        `/v1/charges/${chargeId}/refunds`,
        {
          body: { refund_no: uniqueNo('rf'), amount },
          sign: true,
          headers: { 'idempotency-key': uniqueNo('idem') },
        },
      );
      expect(answer.body.data?.status, answer.text).toBe('SUCCEEDED');
      return answer.body.data.id;
    };
    /** The endpoints the refund's events were given to, sorted; every delivery has its job. */
    const deliveredTo = async (refundId: string) => {
      const deliveries = await api.store.db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('events as e', 'e.id', 'd.event_id')
        .select(['d.id', 'd.endpoint_id', 'e.type'])
        .where('e.object_id', '=', refundId)
        .execute();
      for (const delivery of deliveries) expect(delivery.type).toBe('refund.succeeded');
      await expectDeliveriesJobbed(
        api.store,
        deliveries.map((delivery) => delivery.id),
      );
      return deliveries.map((delivery) => delivery.endpoint_id).sort();
    };

    it('follows the endpoints as they are when the refund succeeds, and books each refund once', async () => {
      const chargeId = await paidCharge();
      expect(await deliveredTo(await refund(chargeId, 300))).toEqual([]);
      // Created after this process last read the app's endpoints (on PostgreSQL the refund's one
      // statement then refuses itself, and the transaction that reads them writes the delivery).
      const created = await api.request<Envelope<{ id: string }>>('POST', '/v1/webhook_endpoints', {
        body: { url: 'http://127.0.0.1:9/hooks', enabled_events: ['refund.succeeded'] },
      });
      const endpoint = created.body.data.id;
      expect(await deliveredTo(await refund(chargeId, 300))).toEqual([endpoint]);
      expect(await deliveredTo(await refund(chargeId, 400))).toEqual([endpoint]);
      const charge = await api.request<Envelope<ChargeView>>('GET', `/v1/charges/${chargeId}`);
      expect(charge.body.data).toMatchObject({ status: 'REFUNDED', amount_refunded: 1_000 });
      const events = await api.store.db
        .selectFrom('events')
        .select('type')
        .where('type', '=', 'refund.succeeded')
        .execute();
      expect(events).toHaveLength(3);

      await api.request('POST', `/v1/webhook_endpoints/${endpoint}`, { body: { disabled: true } });
      expect(await deliveredTo(await refund(await paidCharge(), 1_000))).toEqual([]);
    });

    it.runIf(dialect === 'postgres')(
      'settles a refund in one statement once the endpoints are known: 8 round trips in all',
      async () => {
        const chargeId = await paidCharge();
        await refund(chargeId, 100);
        counter.start();
        const id = await refund(chargeId, 200);
        const statements = counter.stop();
        expect(statements).toHaveLength(8);
        const row = await api.store.db
          .selectFrom('refunds')
          .select(['status', 'succeeded_at'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(row.status).toBe('SUCCEEDED');
        expect(row.succeeded_at).not.toBeNull();
        // Nothing is left for the refund's resolution job: it went with the refund's statement.
        const jobs = await api.store.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', 'refund.resolve')
          .where('payload', 'like', `%${id}%`)
          .execute();
        expect(jobs).toEqual([]);
      },
    );
  });
}
