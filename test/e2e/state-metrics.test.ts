import { createServer, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock, manualClock } from '../../src/domain/clock.js';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { createBarcodeCharge, HOUR_MS, magicBarcode, paidCharge, SHANGHAI_10AM } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * /metrics over HTTP after real work: charges by status and channel, webhook attempts by outcome and
 * deliveries pending and due (against a receiver that always answers 500), and jobs due, running and
 * failed per kind and lane (the deliveries' jobs, given up at the end of the retry window).
 */

const TOKEN = 'metrics-token-for-tests';

/** A receiver that holds every request until `release()`, then answers 500 (and 500 at once after). */
async function startFailingReceiver() {
  const held: ServerResponse[] = [];
  let holding = true;
  let arrived: () => void = () => {};
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!holding) return void res.writeHead(500).end('boom');
      held.push(res);
      arrived();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no receiver address');
  return {
    url: `http://127.0.0.1:${address.port}/hooks`,
    /** Resolves once `count` requests are being held. */
    waitForHeld: (count: number) =>
      new Promise<void>((resolve) => {
        arrived = () => held.length >= count && resolve();
        arrived();
      }),
    release() {
      holding = false;
      for (const res of held.splice(0)) res.writeHead(500).end('boom');
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The value of one sample, or undefined when /metrics does not show it. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return undefined;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: state metrics on /metrics`, () => {
    let api: TestApi;
    let clock: ManualClock;
    let receiver: Awaited<ReturnType<typeof startFailingReceiver>>;
    const scrape = async () => {
      const answer = await api.request('GET', '/metrics', { key: TOKEN });
      expect(answer.status).toBe(200);
      return answer.text;
    };

    beforeAll(async () => {
      clock = manualClock(SHANGHAI_10AM);
      receiver = await startFailingReceiver();
      api = await startTestApi(dialect, {
        clock,
        metricsToken: TOKEN,
        webhookTargets: PRIVATE_TARGETS_FOR_TESTS,
      });
    });
    afterAll(async () => {
      receiver?.release();
      await api?.close();
      await receiver?.close();
    });

    it('counts charges, webhook attempts and deliveries, and jobs due, running and failed', async () => {
      const before = await scrape();
      expect(sample(before, 'polypay_charges', { status: 'PAID', channel: 'sandbox' })).toBeUndefined();
      expect(sample(before, 'polypay_webhook_deliveries', { state: 'pending' })).toBe(0);

      const endpoint = await api.request('POST', '/v1/webhook_endpoints', {
        body: { url: receiver.url, enabled_events: ['charge.succeeded'] },
      });
      expect(endpoint.status, endpoint.text).toBe(200);
      await paidCharge(api);
      await paidCharge(api);
      const declined = await createBarcodeCharge(api, { authCode: magicBarcode('01') });
      expect(declined.status).toBeGreaterThanOrEqual(400);

      let text = await scrape();
      expect(sample(text, 'polypay_charges', { status: 'PAID', channel: 'sandbox' })).toBe(2);
      const failedStatus = /"status":"([A-Z_]+)"/.exec(
        (await api.request('GET', '/v1/charges?limit=1')).text,
      )?.[1];
      expect(failedStatus).toBeDefined();
      expect(failedStatus).not.toBe('PAID');
      expect(sample(text, 'polypay_charges', { status: failedStatus!, channel: 'sandbox' })).toBe(1);
      // Two deliveries wait for their first attempt, due now.
      expect(sample(text, 'polypay_webhook_deliveries', { state: 'pending' })).toBe(2);
      expect(sample(text, 'polypay_webhook_deliveries', { state: 'due' })).toBe(2);
      expect(sample(text, 'polypay_jobs', { kind: 'webhook.deliver', lane: 'webhooks', state: 'due' })).toBe(
        2,
      );

      // While the receiver holds both attempts, their jobs are running.
      const running = api.runtime.jobs.runUntilIdle();
      await receiver.waitForHeld(2);
      text = await scrape();
      expect(
        sample(text, 'polypay_jobs', { kind: 'webhook.deliver', lane: 'webhooks', state: 'running' }),
      ).toBe(2);
      receiver.release();
      await running;

      // Both failed once and wait for a retry that is not due yet.
      text = await scrape();
      expect(sample(text, 'polypay_webhook_attempts_total', { outcome: 'http_error' })).toBe(2);
      expect(sample(text, 'polypay_webhook_deliveries', { state: 'pending' })).toBe(2);
      expect(sample(text, 'polypay_webhook_deliveries', { state: 'due' })).toBe(0);
      expect(sample(text, 'polypay_jobs', { kind: 'webhook.deliver', lane: 'webhooks', state: 'due' })).toBe(
        0,
      );
      expect(
        sample(text, 'polypay_jobs', { kind: 'webhook.deliver', lane: 'webhooks', state: 'running' }),
      ).toBe(undefined);

      // Past the whole retry window the deliveries are given up: their jobs failed.
      for (let i = 0; i < 40; i++) {
        clock.advance(6 * HOUR_MS);
        await api.runtime.jobs.runUntilIdle();
        if (sample(await scrape(), 'polypay_webhook_deliveries', { state: 'pending' }) === 0) break;
      }
      text = await scrape();
      expect(sample(text, 'polypay_webhook_deliveries', { state: 'pending' })).toBe(0);
      expect(
        sample(text, 'polypay_jobs', { kind: 'webhook.deliver', lane: 'webhooks', state: 'failed' }),
      ).toBe(2);
      expect(sample(text, 'polypay_webhook_attempts_total', { outcome: 'http_error' })).toBeGreaterThan(2);
      expect(sample(text, 'polypay_webhook_attempts_total', { outcome: 'succeeded' })).toBeUndefined();
    });
  });
}
