/**
 * A merchant's webhook receiver is down for an hour (test clock) while charges and refunds happen, then
 * comes back: every event reaches it, signed, and none twice once the receiver has answered 2xx.
 * Deliveries are not ordered (README: each event carries `created` and an id that sorts in creation
 * order), so the test checks completeness, signatures and uniqueness.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../src/services/webhooks/index.js';
import { PRIVATE_TARGETS_FOR_TESTS } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { type Sandbox, startSandbox } from './sandbox-harness.js';

const MINUTE = 60_000;

interface Delivery {
  readonly body: string;
  readonly signature: string;
  readonly receivedAt: number;
}

/** A receiver on a fixed port that can be taken down and brought back. */
function receiverOn(port: number, clockNow: () => number) {
  const received: Delivery[] = [];
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    received,
    async up() {
      server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.push({
            body: Buffer.concat(chunks).toString('utf8'),
            signature: String(req.headers['polypay-signature']),
            receivedAt: clockNow(),
          });
          res.writeHead(200).end('ok');
        });
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      const address = server.address();
      return typeof address === 'object' && address ? address.port : port;
    },
    async down() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhook receiver outage`, () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      sandbox = await startSandbox(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
    });
    afterAll(async () => sandbox?.close());

    it('an hour down, then back: every event delivered once, signed', async () => {
      const clock = sandbox.clock;
      const first = receiverOn(0, () => clock.now());
      const port = await first.up();
      const receiver = receiverOn(port, () => clock.now());
      await first.down();
      const merchant = await sandbox.merchant();
      const endpoint = await merchant.request<{ id: string; secret: string }>(
        'POST',
        '/v1/webhook_endpoints',
        {
          url: `http://127.0.0.1:${port}/hooks`,
          enabled_events: ['*'],
        },
      );
      expect(endpoint.status, endpoint.text).toBe(200);
      const secret = endpoint.body.data!.secret;

      // The receiver is down: an hour of charges and refunds, the runner retrying all along.
      const downSince = clock.now();
      for (let i = 0; i < 12; i += 1) {
        const { id } = await merchant.charge({ amount: 10_000 });
        expect((await merchant.refund(id, 1_000)).status).toBe(200);
        await sandbox.step(5 * MINUTE, MINUTE);
      }
      expect(clock.now() - downSince).toBeGreaterThanOrEqual(60 * MINUTE);
      expect(receiver.received).toEqual([]);

      await receiver.up();
      const backAt = clock.now();
      // Back: the retries reach it (the longest gap after an hour of failures is two hours).
      await sandbox.step(4 * 60 * MINUTE, 2 * MINUTE);
      await receiver.down();

      const events = await merchant.events();
      expect(events.length).toBeGreaterThanOrEqual(24);
      const byEvent = new Map<string, number>();
      for (const delivery of receiver.received) {
        expect(delivery.receivedAt).toBeGreaterThanOrEqual(backAt);
        const event = verifyWebhookSignature<{ id: string }>({
          payload: delivery.body,
          header: delivery.signature,
          secret,
          now: delivery.receivedAt,
        });
        byEvent.set(event.id, (byEvent.get(event.id) ?? 0) + 1);
      }
      expect([...byEvent.keys()].sort()).toEqual(events.map((e) => e.id).sort());
      expect([...byEvent.values()].filter((n) => n !== 1)).toEqual([]);

      // Nothing is left to send, and nothing more arrives later.
      await receiver.up();
      await sandbox.step(48 * 60 * MINUTE, 60 * MINUTE);
      await receiver.down();
      expect(receiver.received.length).toBe(events.length);
    });
  });
}
