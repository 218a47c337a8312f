/**
 * Charge and refund events (the outbox): each state change writes its event in the same transaction, and a
 * registered webhook endpoint (a local node:http receiver) receives it, signed with the endpoint's secret.
 * A refused operation writes no event; a state change that cannot commit leaves neither change nor event.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/services/webhooks/index.js';
import { PRIVATE_TARGETS_FOR_TESTS } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { expectError, type Merchant, type Sandbox, startSandbox } from './sandbox-harness.js';

interface Delivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly data: { readonly object: { readonly id: string; readonly status: string } };
}

async function startReceiver(): Promise<{ server: Server; url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no receiver address');
  return { server, url: `http://127.0.0.1:${address.port}/polypay`, deliveries };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: charge and refund events, delivered as signed webhooks`, () => {
    let sandbox: Sandbox;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await sandbox?.close();
      await new Promise<void>((resolve) => (receiver ? receiver.server.close(() => resolve()) : resolve()));
    });

    /** A merchant with a webhook endpoint subscribed to every event; answers its signing secret. */
    async function subscribedMerchant(): Promise<{ merchant: Merchant; secret: string }> {
      const merchant = await sandbox.merchant();
      const endpoint = await merchant.request<{ secret: string }>('POST', '/v1/webhook_endpoints', {
        url: receiver.url,
        enabled_events: ['*'],
      });
      expect(endpoint.status).toBe(200);
      return { merchant, secret: endpoint.body.data!.secret };
    }

    /** Delivers what is due, then answers the verified webhooks about `objectId`, in order. */
    async function webhooksAbout(secret: string, objectId: string): Promise<WebhookEvent[]> {
      await sandbox.api.runtime.jobs.runUntilIdle();
      const received: WebhookEvent[] = [];
      for (const delivery of receiver.deliveries) {
        const event = JSON.parse(delivery.body) as WebhookEvent;
        if (event.data.object.id !== objectId) continue;
        verifyWebhookSignature({
          payload: delivery.body,
          header: delivery.headers['polypay-signature'],
          secret,
          now: sandbox.clock.now(),
        });
        received.push(event);
      }
      return received;
    }

    /**
     * GET /v1/events lists the object's events in order, and each was received once as a signed webhook
     * (webhooks promise no order: they are answered in the order of the events).
     */
    async function expectWebhooks(merchant: Merchant, secret: string, objectId: string, types: string[]) {
      const recorded = (await merchant.events()).filter((event) => event.objectId === objectId);
      expect(recorded.map((event) => event.type)).toEqual(types);
      const received = await webhooksAbout(secret, objectId);
      expect(received.map((event) => event.id).sort()).toEqual(recorded.map((event) => event.id).sort());
      return recorded.map((event) => received.find((candidate) => candidate.id === event.id)!);
    }

    it('charge.succeeded: a paid charge, its object PAID', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.charge();
      const [event] = await expectWebhooks(merchant, secret, id, ['charge.succeeded']);
      expect(event?.data.object.status).toBe('PAID');
    });

    it('charge.failed: a declined charge, its object PAY_CANCELED', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.barcode('01');
      const [event] = await expectWebhooks(merchant, secret, id, ['charge.failed']);
      expect(event?.data.object).toMatchObject({ status: 'PAY_CANCELED', failure_code: 'insufficient_fund' });
    });

    it('charge.canceled: a paid charge the merchant cancels', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.charge();
      await merchant.operate(id, 'cancel');
      const events = await expectWebhooks(merchant, secret, id, ['charge.succeeded', 'charge.canceled']);
      expect(events[1]?.data.object.status).toBe('CANCELED');
    });

    it('charge.closed: an unpaid charge the merchant closes', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.barcode('10');
      await merchant.operate(id, 'close');
      await sandbox.step(10_000);
      const events = await expectWebhooks(merchant, secret, id, ['charge.pending', 'charge.closed']);
      expect(events[1]?.data.object.status).toBe('CLOSED');
    });

    it('refund.succeeded: a refund the channel accepts', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.charge();
      const refund = (await merchant.refund(id, 500)).body.data!;
      const [event] = await expectWebhooks(merchant, secret, refund.id, ['refund.succeeded']);
      expect(event?.data.object).toMatchObject({ status: 'SUCCEEDED', charge_id: id, amount: 500 });
      await expectWebhooks(merchant, secret, id, ['charge.succeeded']);
    });

    it('refund.failed: a refund the channel refuses', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.charge();
      expectError(await merchant.refund(id, 9_905), 'refund_refused', 402);
      const [refund] = await merchant.refundsOf(id);
      const [event] = await expectWebhooks(merchant, secret, refund!.id, ['refund.failed']);
      expect(event?.data.object).toMatchObject({ status: 'FAILED', failure_code: 'refund_refused' });
    });

    it('refused operations write no event', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const promotion = await merchant.barcode('32');
      expectError(await merchant.operate(promotion.id, 'cancel'), 'refund_refused', 402);
      expectError(await merchant.operate(promotion.id, 'close'), 'close_refused_paid', 402);
      const unpaid = await merchant.barcode('10');
      expectError(await merchant.operate(unpaid.id, 'void'), 'void_not_success', 402);
      expectError(await merchant.refund(promotion.id, 20_001), 'refund_amount_exceeded', 402);
      await expectWebhooks(merchant, secret, promotion.id, ['charge.succeeded']);
      await expectWebhooks(merchant, secret, unpaid.id, ['charge.pending']);
      expect(await merchant.refundsOf(promotion.id)).toEqual([]);
    });

    it('a state change that cannot commit writes no event, moves no money, and is retried', async () => {
      const { merchant, secret } = await subscribedMerchant();
      const { id } = await merchant.barcode('10');
      const db = sandbox.api.store.db;
      // Make the event insert fail: the payment's transaction (flow, status, ledger, event) must roll back.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER test_refuse_succeeded BEFORE INSERT ON events WHEN NEW.type = 'charge.succeeded'
          BEGIN SELECT RAISE(ABORT, 'injected failure'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION test_refuse_succeeded() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.type = 'charge.succeeded' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$`.execute(
          db,
        );
        await sql`CREATE TRIGGER test_refuse_succeeded BEFORE INSERT ON events
          FOR EACH ROW EXECUTE FUNCTION test_refuse_succeeded()`.execute(db);
      }
      try {
        await sandbox.step(10_000);
        const charge = await merchant.peek(id);
        expect(charge).toMatchObject({ status: 'CREATED', paid: false });
        // The query that saw the payment was rolled back with the rest.
        expect(charge.flows.some((flow) => flow.biz_result === 'PAY_SUCCESS')).toBe(false);
        expect(await merchant.balance()).toEqual({ available: 0, pending: 0 });
        const entries = await db.selectFrom('ledger_entries').select('id').where('ref_id', '=', id).execute();
        expect(entries).toEqual([]);
        expect(await merchant.eventTypes(id)).toEqual(['charge.pending']);
      } finally {
        if (dialect === 'sqlite') await sql`DROP TRIGGER test_refuse_succeeded`.execute(db);
        else {
          await sql`DROP TRIGGER test_refuse_succeeded ON events`.execute(db);
          await sql`DROP FUNCTION test_refuse_succeeded()`.execute(db);
        }
      }
      // The job is still there: once the database accepts the event, the payment is booked, exactly once.
      await sandbox.step(20_000);
      const charge = await merchant.peek(id);
      expect(charge.status).toBe('PAID');
      expect(await merchant.balance()).toEqual({ available: 0, pending: charge.amount - charge.fee });
      await expectWebhooks(merchant, secret, id, ['charge.pending', 'charge.succeeded']);
    });
  });
}
