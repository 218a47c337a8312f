/**
 * A paid charge's event reaches exactly the app's enabled endpoints that subscribe to it, as they are
 * when the charge is paid. On PostgreSQL the outcome is one statement that writes the deliveries to the
 * endpoints this process saw last (src/services/endpoints-seen.ts) and refuses itself when they are not
 * the app's endpoints now; so every change of the endpoints within that minute is checked here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatementCounter } from '../../src/store/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { barcodeBody, type ChargeView, type Envelope, uniqueNo } from '../helpers/charges.js';
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
      const jobs = await api.store.db
        .selectFrom('jobs')
        .select('payload')
        .where('kind', '=', 'webhook.deliver')
        .execute();
      const jobbed = new Set(
        jobs.map((job) => (JSON.parse(job.payload) as { deliveryId: string }).deliveryId),
      );
      for (const delivery of deliveries) expect(jobbed.has(delivery.id), delivery.id).toBe(true);
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
