/**
 * One merchant's webhook receivers must never harm another merchant: hanging receivers do not hold up
 * the resolution of another merchant's in-doubt charge, a receiver that trickles its answer is cut off
 * and recorded as a timeout, an endpoint that keeps timing out is paused (and the merchant told), and
 * endpoints and resends are capped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/runner.js';
import { recordEvent } from '../../src/services/events.js';
import {
  MAX_DELIVERIES_PER_EVENT,
  MAX_ENDPOINTS_PER_APP,
  webhookJobHandlers,
} from '../../src/services/webhooks/index.js';
import { type Sandbox, startSandbox } from '../e2e/sandbox-harness.js';
import { type Credentials, PRIVATE_TARGETS_FOR_TESTS } from '../helpers/api.js';
import { DIALECTS } from '../helpers/stores.js';
import { eventually, startReceiver } from './receivers.js';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

for (const dialect of DIALECTS) {
  describe(`${dialect}: a hostile merchant's webhooks harm no one else`, () => {
    let sandbox: Sandbox | undefined;
    let receiver: Receiver | undefined;
    afterEach(async () => {
      await receiver?.close();
      await sandbox?.api.runtime.jobs.stop();
      await sandbox?.close();
      receiver = undefined;
      sandbox = undefined;
    });

    async function endpoint(who: Credentials, url: string, expected = 200) {
      const response = await sandbox!.api.request<{ data: { id: string }; code?: string }>(
        'POST',
        '/v1/webhook_endpoints',
        { key: who.secret_key, body: { url, enabled_events: ['*'] } },
      );
      expect(response.status, response.text).toBe(expected);
      return response.body;
    }

    const emit = (who: Credentials, type = 'charge.succeeded') =>
      recordEvent(sandbox!.api.store.db, {
        merchantId: who.merchant_id,
        appId: who.app_id,
        type,
        objectId: 'ch_x',
        object: { id: 'ch_x' },
        now: sandbox!.clock.now(),
      });

    it('hanging endpoints of one merchant do not delay another merchant’s in-doubt charge', async () => {
      // Attempts never end by themselves here: only isolation lets the other merchant's job run.
      sandbox = await startSandbox(dialect, {
        webhookTargets: PRIVATE_TARGETS_FOR_TESTS,
        webhookTimeoutMs: 600_000,
      });
      receiver = await startReceiver('hang');
      const hostile = await sandbox.api.createMerchant('Hostile');
      for (let i = 0; i < 10; i += 1) await endpoint(hostile, `${receiver.url}/${i}`);
      for (let i = 0; i < 3; i += 1) await emit(hostile);
      const victim = await sandbox.merchant();
      // Magic barcode 10: in progress; the buyer confirms at 5 s; the first query (due at 3 s) finds it.
      const { id } = await victim.barcode('10');
      expect((await victim.peek(id)).status).toBe('CREATED');
      sandbox.clock.advance(6_000);

      sandbox.api.runtime.jobs.start(10);
      await eventually(async () => (await victim.peek(id)).status === 'PAID');

      // The hostile merchant's deliveries are all still hanging: the charge did not wait for them…
      const attempts = await sandbox.api.store.db
        .selectFrom('webhook_attempts')
        .select('id')
        .where('merchant_id', '=', hostile.merchant_id)
        .execute();
      expect(attempts).toHaveLength(0);
      // (They do reach the receiver, which holds them.)
      await eventually(async () => receiver!.state.open > 0);
      // …and they hold at most the webhook lane's share of one merchant, not all of its workers.
      expect(receiver.state.open).toBeLessThanOrEqual(2);
      const charge = await victim.peek(id);
      expect(charge.flows.filter((flow: { kind: string }) => flow.kind === 'query')).toHaveLength(1);
    });

    it('a receiver that trickles its answer is cut off at the deadline and recorded as a timeout', async () => {
      sandbox = await startSandbox(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      receiver = await startReceiver('trickle', 20);
      const merchant = sandbox.api.merchant;
      await endpoint(merchant, receiver.url);
      const eventId = await emit(merchant);
      const deps = { store: sandbox.api.store, box: sandbox.api.box, clock: sandbox.clock };
      const runner = new JobRunner({
        ...deps,
        handlers: webhookJobHandlers({ ...deps, timeoutMs: 300, targets: PRIVATE_TARGETS_FOR_TESTS }),
      });
      await runner.runUntilIdle();
      const delivery = await sandbox.api.store.db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: null });
      expect(delivery.last_error).toMatch(/^timeout/);
      await eventually(async () => receiver!.state.open === 0);
    });

    it('pauses an endpoint that keeps timing out, tells the merchant, and enables it again on request', async () => {
      sandbox = await startSandbox(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      receiver = await startReceiver('hang');
      const healthy = await startReceiver('ok');
      try {
        const merchant = sandbox.api.merchant;
        const { data: slow } = await endpoint(merchant, receiver.url);
        await endpoint(merchant, healthy.url);
        const deps = { store: sandbox.api.store, box: sandbox.api.box, clock: sandbox.clock };
        const runner = new JobRunner({
          ...deps,
          handlers: webhookJobHandlers({
            ...deps,
            timeoutMs: 200,
            pauseAfterTimeouts: 3,
            targets: PRIVATE_TARGETS_FOR_TESTS,
          }),
        });
        for (let i = 0; i < 3; i += 1) await emit(merchant);
        await runner.runUntilIdle();

        const view = await sandbox.api.request<{ data: Record<string, unknown> }>(
          'GET',
          `/v1/webhook_endpoints/${slow.id}`,
        );
        expect(view.body.data).toMatchObject({
          status: 'paused',
          pause_reason: 'consecutive_timeouts',
          paused_at: sandbox.clock.now(),
        });
        const events = await sandbox.api.request<{ data: { items: { type: string; data: unknown }[] } }>(
          'GET',
          '/v1/events?type=webhook_endpoint.paused',
        );
        expect(events.body.data.items).toHaveLength(1);
        expect(events.body.data.items[0]!.data).toMatchObject({ object: { id: slow.id, status: 'paused' } });
        // The notice reaches the merchant's other endpoint.
        await runner.runUntilIdle();
        expect(healthy.state.received).toBe(4);

        // A paused endpoint gets nothing more; its retries end.
        sandbox.clock.advance(60_000);
        await emit(merchant);
        await runner.runUntilIdle();
        expect(receiver.state.received).toBe(3);

        const enabled = await sandbox.api.request<{ data: Record<string, unknown> }>(
          'POST',
          `/v1/webhook_endpoints/${slow.id}`,
          { body: { disabled: false } },
        );
        expect(enabled.body.data).toMatchObject({ status: 'enabled', pause_reason: null, paused_at: null });
        await emit(merchant);
        await runner.runUntilIdle();
        expect(receiver.state.received).toBe(4);
      } finally {
        await healthy.close();
      }
    });

    it(`caps endpoints per app at ${MAX_ENDPOINTS_PER_APP} and deliveries per event at ${MAX_DELIVERIES_PER_EVENT}`, async () => {
      sandbox = await startSandbox(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      const merchant = sandbox.api.merchant;
      const url = 'http://127.0.0.1:9/never';
      for (let i = 0; i < MAX_ENDPOINTS_PER_APP; i += 1) await endpoint(merchant, `${url}/${i}`);
      const refused = await endpoint(merchant, `${url}/over`, 403);
      expect(refused).toMatchObject({ code: 'resource_limit_exceeded', param: 'url' });
      // Another app is not affected by this one's endpoints.
      await endpoint(await sandbox.api.createMerchant('Other'), url);

      const eventId = await emit(merchant);
      let sent = MAX_ENDPOINTS_PER_APP;
      while (sent + MAX_ENDPOINTS_PER_APP <= MAX_DELIVERIES_PER_EVENT) {
        const resent = await sandbox.api.request('POST', `/v1/events/${eventId}/resend`, { body: {} });
        expect(resent.status).toBe(200);
        sent += MAX_ENDPOINTS_PER_APP;
      }
      const over = await sandbox.api.request('POST', `/v1/events/${eventId}/resend`, { body: {} });
      expect(over.status).toBe(403);
      expect(over.body).toMatchObject({ code: 'resource_limit_exceeded' });
    });
  });
}
