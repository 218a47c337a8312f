import { createServer, type IncomingMessage, type Server } from 'node:http';
import { constructEvent, Polypay, PolypayError, WebhookSignatureError } from '@polypay/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVATE_TARGETS_FOR_TESTS, startTestApi, type TestApi } from '../helpers/api.js';
import { buyerBarcode, magicBarcode, uniqueNo } from '../helpers/charges.js';
import { DIALECTS } from '../helpers/stores.js';

const chargeParams = (amount: number, authCode = buyerBarcode()) => ({
  out_trade_no: uniqueNo('sdk'),
  amount,
  currency: 'CNY' as const,
  subject: 'SDK coffee',
  payway: 'alipay' as const,
  sub_payway: 'barcode' as const,
  auth_code: authCode,
});

/** A local HTTP receiver that keeps every request's headers and raw body. */
async function listen(handler: (request: IncomingMessage, body: string) => [number, unknown]) {
  const seen: { headers: IncomingMessage['headers']; body: string; url: string }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      seen.push({ headers: request.headers, body, url: request.url ?? '' });
      const [status, answer] = handler(request, body);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: the SDK against a real server`, () => {
    let api: TestApi;
    let polypay: Polypay;
    beforeAll(async () => {
      api = await startTestApi(dialect, { webhookTargets: PRIVATE_TARGETS_FOR_TESTS });
      polypay = new Polypay({
        apiKey: api.merchant.secret_key,
        baseUrl: api.url,
        signingSecret: api.merchant.signing_secret,
      });
    });
    afterAll(() => api?.close());

    it('charges, refunds and reads back, signing every request', async () => {
      const charge = await polypay.charges.create(chargeParams(1_200));
      expect(charge).toMatchObject({ status: 'PAID', amount: 1_200, currency: 'CNY' });
      const refund = await polypay.refunds.create(charge.id, { refund_no: uniqueNo('re'), amount: 200 });
      expect(refund).toMatchObject({ status: 'SUCCEEDED', amount: 200, charge_id: charge.id });
      expect(await polypay.refunds.retrieve(refund.id)).toMatchObject({ id: refund.id });
      expect(await polypay.charges.retrieve(charge.id)).toMatchObject({ amount_refunded: 200 });
      const refunds = [];
      for await (const r of polypay.refunds.list(charge.id)) refunds.push(r.id);
      expect(refunds).toEqual([refund.id]);
    });

    it('pages through every charge with an async iterator, newest first', async () => {
      const created = [];
      for (let i = 0; i < 5; i++) created.push((await polypay.charges.create(chargeParams(100 + i))).id);
      const seen: string[] = [];
      for await (const charge of polypay.charges.list({ limit: 2 })) seen.push(charge.id);
      expect(seen.slice(0, 5)).toEqual([...created].reverse());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('raises PolypayError with the envelope fields', async () => {
      const declined = polypay.charges.create(chargeParams(500, magicBarcode('01')));
      const error = await declined.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PolypayError);
      expect(error).toMatchObject({
        status: 402,
        code: 'insufficient_fund',
        retryable: false,
        channel_error: { provider: 'sandbox' },
      });
      expect((error as PolypayError).request_id).toMatch(/^req_/);
      expect((error as PolypayError).next_action).toBeTruthy();
      // The declined charge is stored, and the error says which it is.
      const chargeId = (error as PolypayError).charge_id;
      expect(chargeId).toMatch(/^ch_/);
      expect(await polypay.charges.retrieve(chargeId!)).toMatchObject({
        status: 'PAY_CANCELED',
        amount: 500,
      });
      const invalid = await polypay.charges.create({ ...chargeParams(0) }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ status: 400, code: 'invalid_amount', param: 'amount' });
    });

    it('verifies the webhooks the server sends', async () => {
      const receiver = await listen(() => [200, {}]);
      try {
        const endpoint = await polypay.webhookEndpoints.create({
          url: `${receiver.url}/hooks`,
          enabled_events: ['charge.succeeded'],
        });
        const charge = await polypay.charges.create(chargeParams(900));
        await api.runtime.jobs.runUntilIdle();
        const delivery = receiver.seen.find((r) => r.body.includes(charge.id));
        expect(delivery).toBeDefined();
        const event = constructEvent(
          delivery!.body,
          delivery!.headers['polypay-signature'],
          endpoint.secret!,
        );
        expect(event).toMatchObject({ type: 'charge.succeeded', data: { object: { id: charge.id } } });
        expect(() =>
          constructEvent(`${delivery!.body} `, delivery!.headers['polypay-signature'], endpoint.secret!),
        ).toThrow(WebhookSignatureError);
        expect(() =>
          constructEvent(delivery!.body, delivery!.headers['polypay-signature'], 'whsec_wrong'),
        ).toThrow(/No v1 signature/);
      } finally {
        await receiver.close();
      }
    });
  });
}

describe('the SDK retries only what the error says is retryable', () => {
  it('retries a retryable error with the same Idempotency-Key, waiting at least retry_after_ms', async () => {
    let calls = 0;
    const server = await listen(() => {
      calls += 1;
      if (calls < 3) {
        return [
          503,
          {
            code: 'service_unavailable',
            message: 'busy',
            request_id: `req_${calls}`,
            retryable: true,
            retry_after_ms: 30,
            next_action: 'retry',
          },
        ];
      }
      return [200, { code: 0, message: 'success', data: { id: 'ch_1' } }];
    });
    try {
      const client = new Polypay({ apiKey: 'sk_test_x', baseUrl: server.url, retryBaseMs: 1 });
      const delays: number[] = [];
      const original = client.http.retryDelay.bind(client.http);
      client.http.retryDelay = (attempt, after) => {
        const delay = original(attempt, after);
        delays.push(delay);
        return delay;
      };
      await expect(client.charges.create(chargeParams(100))).resolves.toEqual({ id: 'ch_1' });
      expect(server.seen).toHaveLength(3);
      const keys = server.seen.map((r) => r.headers['idempotency-key']);
      expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(keys).size).toBe(1);
      expect(delays.every((d) => d >= 30)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('never retries a non-retryable error, and gives up after maxRetries', async () => {
    const refused = await listen(() => [
      400,
      {
        code: 'invalid_params',
        message: 'no',
        param: 'amount',
        request_id: 'req_a',
        retryable: false,
        next_action: 'fix',
      },
    ]);
    const busy = await listen(() => [
      503,
      {
        code: 'service_unavailable',
        message: 'busy',
        request_id: 'req_b',
        retryable: true,
        retry_after_ms: 1,
        next_action: 'retry',
      },
    ]);
    try {
      const a = new Polypay({ apiKey: 'sk_test_x', baseUrl: refused.url, retryBaseMs: 1 });
      await expect(a.charges.create(chargeParams(100))).rejects.toMatchObject({
        code: 'invalid_params',
        param: 'amount',
        status: 400,
      });
      expect(refused.seen).toHaveLength(1);
      const b = new Polypay({ apiKey: 'sk_test_x', baseUrl: busy.url, retryBaseMs: 1, maxRetries: 2 });
      await expect(b.charges.retrieve('ch_1')).rejects.toMatchObject({
        code: 'service_unavailable',
        status: 503,
      });
      expect(busy.seen).toHaveLength(3);
      expect(busy.seen[0]!.headers['idempotency-key']).toBeUndefined();
    } finally {
      await refused.close();
      await busy.close();
    }
  });

  it('spreads the backoff with jitter and never waits less than the server asked', () => {
    const client = new Polypay({ apiKey: 'sk_test_x', baseUrl: 'http://127.0.0.1:1', retryBaseMs: 100 });
    const waits = Array.from({ length: 50 }, () => client.http.retryDelay(3, undefined));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(400);
    expect(Math.max(...waits)).toBeLessThanOrEqual(800);
    expect(new Set(waits).size).toBeGreaterThan(1);
    expect(client.http.retryDelay(0, 5_000)).toBe(5_000);
  });
});
