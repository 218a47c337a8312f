import { createServer } from 'node:http';
import type { Polypay } from '@polypay/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { JobRunner } from '../../src/jobs/runner.js';
import { recordEvent } from '../../src/services/events.js';
import { WEBHOOK_RESPONSE_BODY_CAP, webhookJobHandlers } from '../../src/services/webhooks/index.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { sdkFor } from '../helpers/sdk.js';
import { DIALECTS } from '../helpers/stores.js';

/** A receiver that answers every webhook with `answer` (status, headers, raw bytes). */
async function startReceiver() {
  const state = {
    answer: { status: 200, headers: {} as Record<string, string>, body: Buffer.from('') },
  };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(state.answer.status, state.answer.headers).end(state.answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no receiver address');
  return {
    state,
    url: `http://127.0.0.1:${address.port}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const START = Date.UTC(2025, 0, 15, 8, 0, 0);

for (const dialect of DIALECTS) {
  describe(`${dialect}: what each webhook attempt sent and got back`, () => {
    let api: TestApi;
    let polypay: Polypay;
    let clock: ManualClock;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let runner: JobRunner;
    beforeEach(async () => {
      clock = manualClock(START);
      api = await startTestApi(dialect, { clock, webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      polypay = sdkFor(api);
      receiver = await startReceiver();
      const handlers = webhookJobHandlers({
        store: api.store,
        box: api.box,
        clock,
        timeoutMs: 2_000,
        random: () => 0.5,
        targets: PRIVATE_TARGETS_FOR_TESTS,
      });
      runner = new JobRunner({ store: api.store, clock, handlers });
    });
    afterEach(async () => {
      await receiver?.close();
      await api?.close();
    });

    /** Emits one event to a fresh endpoint, runs its delivery, and returns the one attempt. */
    async function deliverOnce() {
      const endpoint = await polypay.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
      const eventId = await recordEvent(api.store.db, {
        merchantId: api.merchant.merchant_id,
        appId: api.merchant.app_id,
        type: 'charge.succeeded',
        objectId: 'ch_test',
        object: { id: 'ch_test', amount: 1200, currency: 'CNY', subject: '咖啡' },
        now: clock.now(),
      });
      await runner.runUntilIdle();
      const [delivery] = (await polypay.events.deliveries(eventId)).items;
      expect(delivery!.attempts).toHaveLength(1);
      return { attempt: delivery!.attempts[0]!, endpoint, eventId };
    }

    it('keeps the headers and body sent and the answer (status, headers, body), never the secret', async () => {
      receiver.state.answer = {
        status: 200,
        headers: { 'content-type': 'application/json', 'x-receiver': 'shop-1' },
        body: Buffer.from('{"received":true,"note":"已收到"}'),
      };
      const { attempt, endpoint, eventId } = await deliverOnce();
      expect(attempt.response).toMatchObject({
        status_code: 200,
        body: '{"received":true,"note":"已收到"}',
        body_truncated: false,
        headers: { 'content-type': 'application/json', 'x-receiver': 'shop-1' },
      });
      expect(attempt.request!.headers).toMatchObject({
        'content-type': 'application/json',
        'polypay-event-id': eventId,
      });
      expect(attempt.request!.headers['polypay-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(JSON.parse(attempt.request!.body)).toMatchObject({ id: eventId, type: 'charge.succeeded' });
      const raw = await api.request('GET', `/v1/events/${eventId}/deliveries`);
      expect(JSON.stringify(raw.body)).not.toContain(endpoint.secret!);
    });

    it(`keeps the first ${WEBHOOK_RESPONSE_BODY_CAP} bytes of a longer answer and says it was cut`, async () => {
      receiver.state.answer = {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from('x'.repeat(WEBHOOK_RESPONSE_BODY_CAP + 1000)),
      };
      const { attempt } = await deliverOnce();
      expect(attempt).toMatchObject({ status_code: 500, error: 'HTTP 500' });
      expect(attempt.response!.body).toBe('x'.repeat(WEBHOOK_RESPONSE_BODY_CAP));
      expect(attempt.response!.body_truncated).toBe(true);
    });

    it('keeps an answer that is not UTF-8 (or holds NUL) as text with U+FFFD, and the attempt counts', async () => {
      receiver.state.answer = {
        status: 200,
        headers: { 'content-type': 'application/octet-stream' },
        body: Buffer.from([0x6f, 0x6b, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x21]),
      };
      const { attempt } = await deliverOnce();
      expect(attempt).toMatchObject({ status_code: 200, error: null });
      expect(attempt.response!.body).toBe('ok\uFFFD\uFFFD\uFFFD\uFFFD(!');
      expect(attempt.response!.body_truncated).toBe(false);
    });

    it('records no answer when none came, and null on attempts recorded before answers were kept', async () => {
      await receiver.close();
      const first = await deliverOnce();
      expect(first.attempt).toMatchObject({ status_code: null, response: null });
      expect(first.attempt.request).not.toBeNull();
      await api.store.db
        .updateTable('webhook_attempts')
        .set({ request_headers: null, request_body: null })
        .execute();
      const [delivery] = (await polypay.events.deliveries(first.eventId)).items;
      expect(delivery!.attempts[0]).toMatchObject({ request: null, response: null });
    });
  });
}
